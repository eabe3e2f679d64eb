"""The public Python API: geoevent.extract(text) works however often it is called."""
import importlib

import geoevent


def test_extract_is_callable_after_the_subpackages_are_imported():
    # Importing the extraction subpackage once replaced the function on the package
    # ("'module' object is not callable" on the second call).
    importlib.import_module("geoevent.extraction.events")
    first = geoevent.extract("Police arrested 12 protesters in Nairobi on Monday.")
    second = geoevent.extract("Police arrested 12 protesters in Nairobi on Monday.")
    assert callable(geoevent.extract)
    assert [e.action.type for e in first] == [e.action.type for e in second] == ["arrest"]
