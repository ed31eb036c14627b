"""
Runs the README's Python recipe (conftest.py + test_connector.py) with the standard library only: a
stand-in for pytest.fixture that returns the function, then the same order pytest uses — the session
fixture once, the per-test fixture before each test, the session teardown at the end.
Usage: python3 run_recipe.py DIRECTORY
"""
import importlib
import inspect
import sys
import types

sys.path.insert(0, sys.argv[1])
stand_in = types.ModuleType("pytest")
stand_in.fixture = lambda *args, **kwargs: args[0] if args and callable(args[0]) else (lambda function: function)
sys.modules["pytest"] = stand_in

conftest = importlib.import_module("conftest")
tests = importlib.import_module("test_connector")
session = conftest.playground_server()
server = next(session)
passed = 0
try:
    for name, function in inspect.getmembers(tests, inspect.isfunction):
        if name.startswith("test_"):
            function(conftest.playground(server))
            print("passed", name, flush=True)
            passed += 1
finally:
    next(session, None)
print(passed, "passed", flush=True)
