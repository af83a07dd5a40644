#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that no user-visible text escapes translation.

  check-translations.py potfiles SRCDIR
      every source file with translatable text is in po/POTFILES.in,
      and every file listed there exists
  check-translations.py catalogue SRCDIR
      po/catalogue-strings.c is what the catalogue gives now, and every
      name and description of the catalogue is a msgid of the template
  check-translations.py complete SRCDIR [LANG…]
      po/LANG.po (each of po/LINGUAS by default), merged with a template
      made from the sources as they are now, has no untranslated or fuzzy
      message

The template is made afresh in a temporary folder, the way meson's
portolan-pot target makes it, so a check never trusts a stale po/portolan.pot
and never writes into the source tree.
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile

PACKAGE = "portolan"

# The arguments of meson's i18n.gettext(preset: 'glib'), as po/meson.build uses
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

# Where translatable text lives, and how it shows
SOURCE_DIRS = ("src", "ui", "data")
MARKERS = {
    ".c": re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|g_dngettext|g_dpgettext2|g_dcgettext)\s*\('),
    ".ui": re.compile(r'translatable="yes"'),
    ".in": re.compile(r"."),
    ".xml": re.compile(r"<summary>|<description>"),
}


def fail(message):
    print(message, file=sys.stderr)
    return 1


def read_potfiles(srcdir):
    with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def make_template(srcdir, directory):
    pot = os.path.join(directory, PACKAGE + ".pot")
    subprocess.run(["xgettext", "--package-name=" + PACKAGE, "-f", os.path.join(srcdir, "po", "POTFILES.in"),
                    "-D", srcdir, "-k_", "-o", pot] + XGETTEXT_ARGS,
                   check=True, stderr=subprocess.DEVNULL)
    return pot


def unquote(text):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)


def read_msgids(pot):
    """The msgids (and plural msgids) of a PO or POT file."""
    msgids, current, in_id = set(), None, False
    with open(pot, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            match = re.match(r'^(msgid|msgid_plural) "(.*)"$', line)
            if match:
                if current is not None:
                    msgids.add(current)
                current, in_id = unquote(match.group(2)), True
            elif line.startswith('"') and in_id:
                current += unquote(line[1:-1])
            else:
                in_id = False
    if current is not None:
        msgids.add(current)
    msgids.discard("")
    return msgids


def check_potfiles(srcdir):
    listed = read_potfiles(srcdir)
    problems = [f"po/POTFILES.in lists {path}, which does not exist"
                for path in listed if not os.path.exists(os.path.join(srcdir, path))]

    for top in SOURCE_DIRS:
        for folder, _, files in os.walk(os.path.join(srcdir, top)):
            for name in sorted(files):
                path = os.path.relpath(os.path.join(folder, name), srcdir)
                marker = MARKERS.get(os.path.splitext(name)[1])
                if marker is None or path in listed or path.startswith("data/catalogue/"):
                    continue
                with open(os.path.join(srcdir, path), encoding="utf-8", errors="replace") as f:
                    if marker.search(f.read()):
                        problems.append(f"{path} has translatable text but is not in po/POTFILES.in")

    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def check_catalogue(srcdir):
    generator_path = os.path.join(srcdir, "build-aux", "catalogue-strings.py")
    spec = importlib.util.spec_from_file_location("catalogue_strings", generator_path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    catalogue = os.path.join(srcdir, "data", "catalogue", "igel-ums.json")
    strings_file = os.path.join(srcdir, "po", "catalogue-strings.c")
    if subprocess.run([sys.executable, generator_path, "--check", strings_file, catalogue]).returncode != 0:
        return 1
    if "po/catalogue-strings.c" not in read_potfiles(srcdir):
        return fail("po/catalogue-strings.c is not in po/POTFILES.in")

    import json
    with open(catalogue, encoding="utf-8") as f:
        texts = [text for _, text in generator.entries(json.load(f)) if text]

    with tempfile.TemporaryDirectory() as directory:
        msgids = read_msgids(make_template(srcdir, directory))

    missing = [text for text in texts if text not in msgids]
    for text in missing:
        print(f"catalogue text without a msgid in the template: {text!r}", file=sys.stderr)
    print(f"{len(texts) - len(missing)} of {len(texts)} catalogue strings are in the template")
    return 1 if missing else 0


def statistics(po):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                            capture_output=True, text=True)
    return result.returncode, result.stderr.strip()


def check_complete(srcdir, languages):
    status = 0
    with tempfile.TemporaryDirectory() as directory:
        pot = make_template(srcdir, directory)
        for language in languages:
            po = os.path.join(srcdir, "po", language + ".po")
            merged = os.path.join(directory, language + ".po")

            code, text = statistics(po)
            print(f"po/{language}.po: {text}")
            if code != 0:
                status = 1
                continue

            subprocess.run(["msgmerge", "--quiet", "-o", merged, po, pot], check=True)
            code, text = statistics(merged)
            print(f"po/{language}.po against the sources: {text}")
            if code != 0 or re.search(r"fuzzy|untranslated", text):
                status = 1
                for kind in ("--untranslated", "--only-fuzzy"):
                    left = subprocess.run(["msgattrib", kind, "--no-obsolete", "--no-wrap", merged],
                                          capture_output=True, text=True).stdout
                    for msgid in sorted(read_msgids_from_text(left)):
                        print(f"  {kind.lstrip('-').replace('only-', '')}: {msgid!r}", file=sys.stderr)
                print(f"Run `meson compile -C BUILD portolan-pot portolan-update-po` and translate "
                      f"what is new in po/{language}.po", file=sys.stderr)
    return status


def read_msgids_from_text(text):
    with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        return read_msgids(f.name)
    finally:
        os.unlink(f.name)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("potfiles", "catalogue", "complete"):
        return fail(__doc__)
    srcdir = argv[2]
    if argv[1] == "potfiles":
        return check_potfiles(srcdir)
    if argv[1] == "catalogue":
        return check_catalogue(srcdir)
    languages = argv[3:]
    if not languages:
        with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
            languages = [word for line in f if not line.startswith("#") for word in line.split()]
    return check_complete(srcdir, languages)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
