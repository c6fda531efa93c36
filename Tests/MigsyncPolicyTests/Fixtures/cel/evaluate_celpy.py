#!/usr/bin/env python3
"""Evaluates the differential CEL cases with cel-python and prints one JSON result per case.

Usage: evaluate_celpy.py cases.json

Each result is {"value": <tagged value>} or {"error": <class>}; the classes are the ones
MigsyncPolicy's CELError.Kind names, mapped from the Python exception cel-python raises.
Bindings use plain JSON plus tagged forms for types JSON lacks:
{"$timestamp": "RFC3339"}, {"$duration": "1h"}, {"$double": 1}, {"$uint": 5}.
"""
import base64
import datetime
import json
import sys

try:
    import celpy
    from celpy import celtypes
except ImportError:
    print("cel-python is not installed: run scripts/install-deps.sh (pip install cel-python==0.5.0)",
          file=sys.stderr)
    sys.exit(3)

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def binding(value):
    if isinstance(value, dict):
        if "$timestamp" in value:
            return celtypes.TimestampType(value["$timestamp"])
        if "$duration" in value:
            return celtypes.DurationType(value["$duration"])
        if "$double" in value:
            return celtypes.DoubleType(value["$double"])
        if "$uint" in value:
            return celtypes.UintType(value["$uint"])
        return celtypes.MapType({celtypes.StringType(k): binding(v) for k, v in value.items()})
    if isinstance(value, list):
        return celtypes.ListType([binding(v) for v in value])
    return celpy.json_to_cel(value)


def nanos(delta):
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def tagged(value):
    if value is None:
        return {"t": "null"}
    if isinstance(value, celtypes.BoolType):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, celtypes.UintType):
        return {"t": "uint", "v": str(int(value))}
    if isinstance(value, celtypes.IntType):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, celtypes.DoubleType):
        return {"t": "double", "v": repr(float(value))}
    if isinstance(value, celtypes.StringType):
        return {"t": "string", "v": str(value)}
    if isinstance(value, celtypes.BytesType):
        return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, celtypes.TimestampType):
        return {"t": "timestamp", "v": str(nanos(value - EPOCH))}
    if isinstance(value, celtypes.DurationType):
        return {"t": "duration", "v": str(nanos(value))}
    if isinstance(value, celtypes.ListType):
        return {"t": "list", "v": [tagged(v) for v in value]}
    if isinstance(value, celtypes.MapType):
        return {"t": "map", "v": [[tagged(k), tagged(v)] for k, v in value.items()]}
    # cel-python 0.5.0 returns some results as plain Python values (double arithmetic gives a
    # float, string concatenation a str, duration subtraction a timedelta). These carry the
    # right CEL value; only the wrapper type is missing, so they are read as that CEL type.
    if isinstance(value, bool):
        return {"t": "unsupported:bool"}
    if isinstance(value, float):
        return {"t": "double", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "string", "v": value}
    if isinstance(value, datetime.timedelta):
        return {"t": "duration", "v": str(nanos(value))}
    if isinstance(value, list):
        return {"t": "list", "v": [tagged(v) for v in value]}
    return {"t": "unsupported:" + type(value).__name__}


def error_class(error):
    """Maps cel-python's exception to an error class; cel-python wraps the Python exception
    class and its arguments in CELEvalError.args[1:]."""
    if isinstance(error, celpy.CELParseError):
        return "parse"
    if isinstance(error, celpy.CELEvalError):
        cause = error.args[1] if len(error.args) > 1 else None
        details = error.args[2] if len(error.args) > 2 else None
        if cause is None:
            return "unclassified"
        if issubclass(cause, ZeroDivisionError):
            return "divisionByZero"
        if issubclass(cause, TypeError):
            return "noMatchingOverload"
        if issubclass(cause, KeyError):
            return "noSuchKey"
        if issubclass(cause, IndexError):
            return "invalidArgument"
        if issubclass(cause, (ValueError, OverflowError)):
            return "overflow" if details == ("overflow",) or issubclass(cause, OverflowError) else "invalidArgument"
        return "unclassified:" + cause.__name__
    return "crash:" + type(error).__name__


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)["cases"]
    env = celpy.Environment()
    results = []
    for case in cases:
        try:
            program = env.program(env.compile(case["expr"]))
            activation = {k: binding(v) for k, v in case.get("bindings", {}).items()}
            value = program.evaluate(activation)
            if isinstance(value, celpy.CELEvalError):
                results.append({"error": error_class(value)})
            else:
                results.append({"value": tagged(value)})
        except Exception as error:  # every failure is a result to compare
            results.append({"error": error_class(error)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
