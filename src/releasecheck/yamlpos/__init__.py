"""YAML with positions: strict, bounded loading of cards, rubric files, waivers and reports into
a Document that knows the line and column of every value (loader, yaml_errors), the Problem every
reader reports (problems), and the way from a validator's error location to a position
(locations). Messages are worded for the kind of file read (the loader's `noun`)."""
