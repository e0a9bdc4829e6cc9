"""The exchange parsers are libraries: they read and write files and know nothing of the models or the workflow."""

import grimp

LIBRARIES = [
    "translations.exchange.documents",
    "translations.exchange.safe_xml",
    "translations.exchange.formats",
    "translations.exchange.xliff",
    "translations.exchange.tmx",
]


def test_the_file_parsers_import_no_model_and_no_service():
    graph = grimp.build_graph("translations", "review", "workbench", include_external_packages=False)
    for module in LIBRARIES:
        ours = {m for m in graph.find_modules_directly_imported_by(module)}
        assert ours <= set(LIBRARIES), (module, ours - set(LIBRARIES))
