"""The editor's commands: a layer beside the build that reads and writes content files
through the model. The build never imports this package."""
