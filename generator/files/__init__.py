"""The project's files: writes that are whole or not at all, and one command at a time."""
