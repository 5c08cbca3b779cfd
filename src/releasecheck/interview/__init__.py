"""The interactive questionnaire (SPEC §6 "Interview").

Questions come from the card models' field descriptions and from the rubric; the question
logic talks to the person only through injected ``ask(prompt) -> str`` and ``say(text)``
functions, so tests drive it with scripted answers.
"""
