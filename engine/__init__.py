"""The lkip engine: load a workspace, validate it, evaluate a year. Pure: no printing, no exiting."""
