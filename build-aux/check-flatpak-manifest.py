#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: flatpak-builder reads it, it builds the
project with meson from this repository on the GNOME runtime, and its
sandbox asks for nothing beyond network, ipc, wayland, fallback-x11 and
dri: no file system access, since files are opened and saved through the
portal.

  check-flatpak-manifest.py MANIFEST APP_ID

Prints TAP. Without flatpak-builder, it is skipped.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}


def main(manifest, app_id):
    flatpak_builder = shutil.which("flatpak-builder")
    if flatpak_builder is None:
        print("1..0 # SKIP flatpak-builder is not installed")
        return 0

    results = []

    def check(what, passed, detail=""):
        results.append((what, passed, detail))

    # flatpak-builder leaves its state folder in the working directory
    with tempfile.TemporaryDirectory() as directory:
        shown = subprocess.run([flatpak_builder, "--show-manifest", os.path.abspath(manifest)],
                               cwd=directory, capture_output=True, text=True)
    check("flatpak-builder --show-manifest reads the manifest", shown.returncode == 0, shown.stderr)
    if shown.returncode != 0:
        return report(results)
    parsed = json.loads(shown.stdout)

    check(f"the id is {app_id}", parsed.get("id", parsed.get("app-id")) == app_id)
    check("the runtime is org.gnome.Platform", parsed.get("runtime") == "org.gnome.Platform")
    check("the SDK is org.gnome.Sdk", parsed.get("sdk") == "org.gnome.Sdk")
    check("the runtime version is a GNOME release", str(parsed.get("runtime-version", "")).isdigit(),
          f"runtime-version: {parsed.get('runtime-version')!r}")
    check("the command is portolan", parsed.get("command") == "portolan")

    finish_args = parsed.get("finish-args", [])
    broader = [arg for arg in finish_args if arg not in ALLOWED_FINISH_ARGS]
    check("finish-args ask for nothing beyond network, ipc, wayland, fallback-x11 and dri", not broader,
          f"not allowed: {broader}")
    check("no file system access", not any(arg.startswith(("--filesystem", "--persist")) for arg in finish_args))
    check("the window can be shown", "--socket=wayland" in finish_args and "--socket=fallback-x11" in finish_args)
    check("the checks can reach the network", "--share=network" in finish_args)

    modules = parsed.get("modules", [])
    last = modules[-1] if modules else {}
    check("the last module builds Portolan with meson", last.get("name") == "portolan" and last.get("buildsystem") == "meson")
    sources = last.get("sources", [])
    repository = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest)), ".."))
    check("it is built from this repository",
          any(s.get("type") == "dir" and os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest)),
                                                                       s.get("path", ""))) == repository
              for s in sources))
    return report(results)


def report(results):
    failed = 0
    for number, (what, passed, detail) in enumerate(results, 1):
        print(f"{'ok' if passed else 'not ok'} {number} - {what}")
        if not passed:
            failed = 1
            for line in detail.splitlines():
                print(f"# {line}")
    print(f"1..{len(results)}")
    return failed


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
