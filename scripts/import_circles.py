#!/usr/bin/env python3
"""Fails when a file of src/ imports, directly or through others, a file that imports it back.

Every `crate::…`, `super::…` and `self::…` path outside `#[cfg(test)]` code counts, grouped
imports (`use crate::load::{files, values};`) included; a path names the file of its longest
module prefix. Test modules (`tests.rs`, `*_tests.rs`) are left out: they may use anything.

Usage, from the project root: python3 scripts/import_circles.py
Prints the files of each circle as `src/a.rs <-> src/b.rs` and exits 1, or prints how many
files and imports it read and exits 0.
"""
import pathlib
import re
import sys

SRC = pathlib.Path("src")
PATH = re.compile(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)")
GROUP = re.compile(r"\buse\s+((?:crate|super|self)(?:::\w+)*)::\{([^;]*)\}\s*;", re.S)


def module_of(file):
    """The module path of a file: src/load/mod.rs -> ["load"], src/lib.rs -> []."""
    parts = list(file.relative_to(SRC).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return parts


def is_test(file):
    return file.name == "tests.rs" or file.name.endswith("_tests.rs") or "tests" in file.parts[:-1]


def code_of(file):
    """The file's text without comments and without its test module."""
    text = file.read_text(encoding="utf-8")
    text = re.sub(r"//[^\n]*", "", text)
    return text.split("#[cfg(test)]")[0]


def flatten(prefix, body):
    """`use a::{b, c::{d, e}}` -> a::b, a::c::d, a::c::e."""
    out, depth, item = [], 0, ""
    for ch in body + ",":
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            item = item.strip()
            inner = re.fullmatch(r"([\w:]*?)::\{(.*)\}", item, re.S)
            if inner:
                out += flatten(f"{prefix}::{inner.group(1)}", inner.group(2))
            elif item and item != "self" and item != "*":
                out.append(f"{prefix}::{item.split(' as ')[0].strip()}")
            item = ""
        else:
            item += ch
    return out


def absolute(path, here):
    parts = path.split("::")
    if parts[0] == "crate":
        return parts[1:]
    base = list(here)
    while parts and parts[0] in ("super", "self"):
        if parts.pop(0) == "super":
            base = base[:-1]
    return base + parts


def main():
    files = {f: module_of(f) for f in sorted(SRC.rglob("*.rs")) if not is_test(f)}
    by_module = {tuple(m): f for f, m in files.items()}
    edges = {f: set() for f in files}
    for file, here in files.items():
        text = code_of(file)
        paths = PATH.findall(text)
        for m in GROUP.finditer(text):
            paths += flatten(m.group(1), m.group(2))
        for path in paths:
            target = absolute(path, here)
            for n in range(len(target), 0, -1):
                hit = by_module.get(tuple(target[:n]))
                if hit:
                    if hit != file:
                        edges[file].add(hit)
                    break
    circles = strongly_connected(edges)
    for circle in circles:
        print("import circle: " + " <-> ".join(str(f) for f in circle))
    if circles:
        return 1
    count = sum(len(e) for e in edges.values())
    print(f"no import circle: {len(files)} files, {count} imports between them")
    return 0


def strongly_connected(edges):
    """Tarjan's algorithm, iterative; the components of more than one file, each sorted."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


if __name__ == "__main__":
    sys.exit(main())
