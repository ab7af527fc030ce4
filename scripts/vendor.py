"""The browser libraries under static/vendor/: copied from an `npm ci` of package-lock.json, checked by hash.

    python3 scripts/vendor.py copy var/npm/node_modules   # `make vendor`, after npm ci: copy, rewrite SHA256SUMS
    python3 scripts/vendor.py check                        # `make vendor-check` and CI: the standard library only

SHA256SUMS names each package's locked version on a `# package` line, then lists every vendored file in
`sha256sum` format (`sha256sum -c` reads it too). docs/frontend.md says why and how to upgrade.
"""

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "SHA256SUMS"
LOCK = ROOT / "package-lock.json"
# npm package: the folder under static/vendor/ and the files taken from the package (its licence included).
PACKAGES = {
    "htmx.org": ("htmx", ["dist/htmx.min.js", "LICENSE"]),
    "axe-core": ("axe-core", ["axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt"]),
    # The full build (the common one has no funnel); it embeds zrender (its renderer) and parts of d3.
    "echarts": ("echarts", ["dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3"]),
    "zrender": ("zrender", ["LICENSE"]),
}
HEADER = "# Written by `make vendor` from package-lock.json; checked by `make vendor-check`. Do not edit.\n"


def locked_versions() -> dict[str, str]:
    """The version package-lock.json pins for each vendored package."""
    lock = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]
    return {package: lock[f"node_modules/{package}"]["version"] for package in PACKAGES}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendored_files() -> list[str]:
    """Every file under static/vendor/ but the manifest, as a path relative to it."""
    return sorted(
        path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*") if path.is_file() and path != MANIFEST
    )


def copy(node_modules: Path) -> None:
    """Replace each package's folder with the files of an `npm ci` tree, then rewrite the manifest."""
    versions = locked_versions()
    for package, (folder, files) in PACKAGES.items():
        installed = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))["version"]
        if installed != versions[package]:
            sys.exit(f"{package} {installed} is installed but package-lock.json pins {versions[package]}")
        shutil.rmtree(VENDOR / folder, ignore_errors=True)
        (VENDOR / folder).mkdir(parents=True)
        for name in files:
            shutil.copyfile(node_modules / package / name, VENDOR / folder / Path(name).name)
    lines = [HEADER, *(f"# package {package} {version}\n" for package, version in versions.items())]
    lines += [f"{sha256(VENDOR / name)}  {name}\n" for name in vendored_files()]
    MANIFEST.write_text("".join(lines), encoding="utf-8")
    print(f"Vendored {', '.join(f'{p} {v}' for p, v in versions.items())}; {MANIFEST.relative_to(ROOT)} rewritten.")


def check() -> list[str]:
    """What differs between static/vendor/, its manifest and package-lock.json (nothing when they agree)."""
    problems = []
    recorded_versions, recorded_sums = {}, {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        if line.startswith("# package "):
            package, version = line.removeprefix("# package ").split()
            recorded_versions[package] = version
        elif line and not line.startswith("#"):
            digest, name = line.split("  ", 1)
            recorded_sums[name] = digest
    if recorded_versions != locked_versions():
        problems.append(f"SHA256SUMS records {recorded_versions}, package-lock.json pins {locked_versions()}")
    for name in sorted(set(recorded_sums) | set(vendored_files())):
        path = VENDOR / name
        if name not in recorded_sums:
            problems.append(f"static/vendor/{name}: not listed in SHA256SUMS")
        elif not path.is_file():
            problems.append(f"static/vendor/{name}: listed in SHA256SUMS but missing")
        elif sha256(path) != recorded_sums[name]:
            problems.append(f"static/vendor/{name}: its SHA-256 differs from SHA256SUMS")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("copy", help="copy the packages from an npm ci tree").add_argument("node_modules", type=Path)
    commands.add_parser("check", help="verify static/vendor/ against SHA256SUMS and package-lock.json")
    arguments = parser.parse_args()
    if arguments.command == "copy":
        copy(arguments.node_modules)
        return
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit("Vendored files do not match: run `make vendor` (docs/frontend.md), then commit static/vendor/.")
    print(f"static/vendor/ matches SHA256SUMS ({len(vendored_files())} files) and package-lock.json.")


if __name__ == "__main__":
    main()
