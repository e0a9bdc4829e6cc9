"""Translation exchange: XLIFF files for translation vendors, TMX files for translation memory.

Layers (pyproject.toml): `documents`, `safe_xml`, `formats`, `xliff` and `tmx`
are libraries at the bottom (no models, no workflow); `vendors` and `memory`
are services; `services` (a leaflet's text out to a vendor and back) sits just
above translations.edits, because an import is a person's edit of the text.
"""
