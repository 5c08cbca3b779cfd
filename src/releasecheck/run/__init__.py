"""A run of the tool: its configuration (options, clock, waivers) and what compares two runs."""
