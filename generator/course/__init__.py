"""Course files to the model: reading the YAML, each file's shape, checking, the typed
course, the editor schemas, the one error type."""
