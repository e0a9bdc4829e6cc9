"""The workbench's own date formats where Django's locale defaults do not suit its readers (FORMAT_MODULE_PATH)."""
