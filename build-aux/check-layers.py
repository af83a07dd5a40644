#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the rules HACKING.md gives for the shape of src/.

  check-layers.py SRCDIR

- a core layer includes only its own headers and those of the layers
  before it (json, model, service, run, graph, report), and never GTK;
- the window and the command line include no -private.h header, and
  portolan-core.h lists none;
- every header of src/core that is not -private.h is in portolan-core.h;
- no file in src/ is over 1,200 lines unless LONG_FILES says why.

Prints each broken rule with the file and line, and exits 1 if any.
"""

import os
import re
import sys

LAYERS = ["json", "model", "service", "run", "graph", "report"]
MAX_LINES = 1200

# file → why it may be longer than MAX_LINES
LONG_FILES = {
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def includes(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def main(srcdir):
    problems = []
    core = os.path.join(srcdir, "src", "core")
    layer_of = {}
    for layer in LAYERS:
        for name in os.listdir(os.path.join(core, layer)):
            layer_of[name] = layer

    for layer in LAYERS:
        for name in sorted(os.listdir(os.path.join(core, layer))):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(core, layer, name)
            for number, header in includes(path):
                if header.startswith(("gtk/", "adwaita.h", "gdk/")):
                    problems.append(f"src/core/{layer}/{name}:{number}: the core includes {header}")
                other = layer_of.get(header)
                if other and LAYERS.index(other) > LAYERS.index(layer):
                    problems.append(f"src/core/{layer}/{name}:{number}: {layer}/ includes {other}/{header}, "
                                    f"a layer above it")

    umbrella = os.path.join(core, "portolan-core.h")
    listed = {header for _, header in includes(umbrella)}
    for header in sorted(listed):
        if header.endswith("-private.h"):
            problems.append(f"src/core/portolan-core.h: lists the internal header {header}")
    for name, layer in sorted(layer_of.items()):
        if name.endswith(".h") and not name.endswith("-private.h") and name not in listed:
            problems.append(f"src/core/{layer}/{name}: a public header that portolan-core.h does not list "
                            f"(rename it -private.h if it is internal)")

    for part in ("gui", "cli"):
        folder = os.path.join(srcdir, "src", part)
        for name in sorted(os.listdir(folder)):
            if name.endswith((".c", ".h")):
                for number, header in includes(os.path.join(folder, name)):
                    if header.endswith("-private.h"):
                        problems.append(f"src/{part}/{name}:{number}: includes the core's internal {header}")

    for root, _, names in os.walk(os.path.join(srcdir, "src")):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, srcdir)
            with open(path, encoding="utf-8") as f:
                count = sum(1 for _ in f)
            if count > MAX_LINES and relative not in LONG_FILES:
                problems.append(f"{relative}: {count} lines, over {MAX_LINES}; split it, "
                                f"or say why not in LONG_FILES of build-aux/check-layers.py")

    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
