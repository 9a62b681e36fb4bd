"""`python -m benchmarks [name ...]`: run the benchmark modules (all by default)."""

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import Stack, print_targets, setup_django


def modules(selected):
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")]
    loaded = [importlib.import_module(f"benchmarks.{name}") for name in names]
    loaded.sort(key=lambda module: (getattr(module, "ORDER", 10), module.__name__))
    return [m for m in loaded if not selected or m.__name__.split(".")[-1] in selected or getattr(m, "ORDER", 10) == 0]


def main(argv):
    setup_django()
    stack = Stack()
    floor = None
    for module in modules(argv):
        result = module.run(stack, floor)
        if getattr(module, "ORDER", 10) == 0:
            floor = result
    print_targets()


if __name__ == "__main__":
    main(sys.argv[1:])
