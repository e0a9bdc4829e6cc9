"""The Word reader and writer is a library: it imports no model and no service of ours."""

import grimp


def test_the_word_reader_and_writer_imports_only_the_exchange_libraries():
    graph = grimp.build_graph("translations", "review", "workbench", include_external_packages=False)

    ours = graph.find_modules_directly_imported_by("translations.exchange.docx")

    assert ours <= {"translations.exchange.documents"}, ours
