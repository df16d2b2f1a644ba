"""The reliability tests: fault fleets, crash safety, fuzzed inputs (profiles in
``tests/hypothesis_profiles.py``, registered once by ``tests/conftest.py``)."""
