#!/usr/bin/env python3
"""`make lint`: the crates' top-level modules (in `app`: the features, `web`, `words`, `routes`, …) must
depend on each other one way. Reads every `crate::name` and `super::…::name` path outside test modules,
groups files by the top-level module they belong to, and prints any circle between those modules; exits 1
if there is one. (Circles between single files are the shared `module-cycles` tool's to find.)"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PATH = re.compile(r"\b(crate|super)((?:::\w+)+)")


def without_tests(text):
    """The text without `#[cfg(test)] mod … { … }` blocks and line comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, at = [], 0
    for block in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{", text):
        if block.start() < at:
            continue
        out.append(text[at:block.start()])
        depth, i = 1, block.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        at = i
    out.append(text[at:])
    return "".join(out)


def module_path(src, file):
    """`agreements/import/draft.rs` -> ["agreements", "import", "draft"]; `mod.rs`, `lib.rs`, `main.rs`
    name their folder."""
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def top_level_graph(src):
    tops = {p.stem for p in src.iterdir() if p.suffix == ".rs" or p.is_dir()} - {"lib", "main"}
    graph = {}
    for file in src.rglob("*.rs"):
        here = module_path(src, file)
        if not here:
            continue
        for kind, rest in PATH.findall(without_tests(file.read_text(encoding="utf-8"))):
            names = [n for n in rest.split("::") if n]
            if kind == "super":
                # `super` names the parent of this file's module; each further `super` one more up.
                ups = 1
                while names and names[0] == "super":
                    ups += 1
                    names = names[1:]
                base = here[: max(len(here) - ups, 0)]
                target = base[0] if base else (names[0] if names else None)
            else:
                target = names[0]
            if target in tops and target != here[0]:
                graph.setdefault(here[0], set()).add(target)
    return graph


def circles(graph):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


failed = False
for manifest in sorted(ROOT.glob("*/Cargo.toml")):
    src = manifest.parent / "src"
    if not src.is_dir():
        continue
    graph = top_level_graph(src)
    for component in circles(graph):
        failed = True
        print(f"{src.relative_to(ROOT)}: these top-level modules depend on each other: {', '.join(component)}")
        for name in component:
            for target in sorted(graph.get(name, ())):
                if target in component:
                    print(f"    {name} -> {target}")
if not failed:
    print("top-level modules depend on each other one way")
sys.exit(1 if failed else 0)
