#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the translatable text of a catalogue as C that xgettext reads.

xgettext cannot read JSON, so the names and descriptions of the built-in
catalogue (zones, feature groups, features, roles, links) are written out
as N_() lines with a translators' comment each, in po/catalogue-strings.c.
That file is checked in and listed in po/POTFILES.in; Portolan translates
the same strings with g_dgettext() when it loads the built-in catalogue.

  build-aux/catalogue-strings.py data/catalogue/igel-ums.json > po/catalogue-strings.c
  build-aux/catalogue-strings.py --check po/catalogue-strings.c data/catalogue/igel-ums.json

--check exits with 1 when the file is not what the catalogue gives now.
"""

import argparse
import json
import sys

HEADER = """\
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalogue-strings.c: the translatable text of the built-in catalogue
 *
 * Written by build-aux/catalogue-strings.py from {source}:
 * do not edit. It is not compiled; it is here for xgettext, which cannot
 * read JSON. After changing the catalogue, run
 *
 *   build-aux/catalogue-strings.py {source} > po/catalogue-strings.c
 */

static const char *catalogue_strings[] = {{
"""

FOOTER = "};\n"


def c_string(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def comment(text):
    # A "*/" in catalogue text must not end the comment early
    return text.replace("*/", "* /")


def port_text(link):
    protocols = "+".join(link["protocols"])
    if link.get("port") is None:
        return f"a dynamic port/{protocols}"
    return f"port {link['port']}/{protocols}"


def entries(catalogue):
    """Yields (translators' comment, string) in catalogue order."""
    names = {role["id"]: role["name"] for role in catalogue.get("roles", [])}
    groups = {group["id"]: group["name"] for group in catalogue.get("feature-groups", [])}

    for zone in catalogue.get("zones", []):
        yield (f"the name of the zone “{zone['id']}”, an area of the topology graph", zone["name"])

    for group in catalogue.get("feature-groups", []):
        yield (f"the name of the feature group “{group['id']}”, a heading over switches", group["name"])

    for feature in catalogue.get("features", []):
        group = groups.get(feature.get("group"), feature.get("group"))
        yield (f"the name of the UMS feature “{feature['id']}”, a switch under “{group}”", feature["name"])
        if feature.get("description"):
            yield (f"the description of the UMS feature “{feature['id']}”", feature["description"])

    for role in catalogue.get("roles", []):
        yield (f"the name of the role “{role['id']}”, a component of a UMS installation ({role['kind']})",
               role["name"])
        if role.get("description"):
            yield (f"the description of the role “{role['id']}”", role["description"])

    for link in catalogue.get("links", []):
        initiators = ", ".join(names.get(r, r) for r in link.get("initiators", []))
        listeners = ", ".join(names.get(r, r) for r in link.get("listeners", []))
        row = f", row {link['row']} of IGEL's port table" if link.get("row") else ""
        yield (f"the description of the link “{link['id']}”: {port_text(link)}, "
               f"{initiators} → {listeners}{row}", link["description"])


def generate(catalogue, source):
    lines = [HEADER.format(source=source)]
    for note, text in entries(catalogue):
        if not text:
            continue
        lines.append(f"  /* Translators: {comment(note)} */\n")
        lines.append(f"  N_({c_string(text)}),\n")
    lines.append(FOOTER)
    return "".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", metavar="FILE",
                        help="compare FILE with what the catalogue gives instead of printing it")
    parser.add_argument("--source-name", default="data/catalogue/igel-ums.json",
                        help="the catalogue's path as the header names it")
    parser.add_argument("catalogue")
    options = parser.parse_args()

    with open(options.catalogue, encoding="utf-8") as f:
        text = generate(json.load(f), options.source_name)

    if options.check is None:
        sys.stdout.write(text)
        return 0

    with open(options.check, encoding="utf-8") as f:
        if f.read() == text:
            return 0
    print(f"{options.check} is out of date with {options.catalogue}; regenerate it:\n"
          f"  build-aux/catalogue-strings.py {options.source_name} > po/catalogue-strings.c",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
