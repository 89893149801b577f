"""`jzojp`: validate, build and serve the knowledge base.

Data errors end with exit 1 and a list of problems, never a traceback; a bug in the
generator itself keeps its traceback so it can be fixed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import DataError, Issue

if TYPE_CHECKING:
    from .background import Share, Worker
    from .models import Entry
    from .render import Site
    from .timing import Timings

T = TypeVar("T")
DATA = Path("themes_data")
CONTENT = Path("content")
GENERATED = Path("generated/docs")
CONFIG = Path("mkdocs.yml")
SITE = Path("site")


def _report(issues: list[Issue]) -> None:
    for issue in issues:
        print(issue, file=sys.stderr)
    n, files = len(issues), len({i.path for i in issues})
    problems = "probleem" if n == 1 else "problemen"
    where = "bestand" if files == 1 else "bestanden"
    print(f"\n{n} {problems} in {files} {where} gevonden.", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import validate
    from .timing import gc_paused

    with gc_paused():
        catalog, issues = validate(Path(args.data))
    if issues:
        raise DataError(issues)
    print(f"Alles in orde: {len(catalog)} items in {args.data}/ gecontroleerd.")
    return 0


def _site_config(config: Path) -> dict[str, object]:
    import yaml

    try:
        loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError) as err:
        raise DataError(
            [Issue(str(config), 1, 1, "", "", f"kan de siteconfiguratie niet lezen: {err}")]
        ) from err
    return loaded if isinstance(loaded, dict) else {}


def published_urls(files: dict[str, bytes]) -> str:
    """Every address the site publishes, relative to site_url: the promise partners link to."""
    from .links import url_path

    urls = set()
    for rel in files:
        if rel.endswith(".md"):
            urls.add(url_path(rel))
        elif rel.endswith("/index.html"):
            urls.add(rel[: -len("index.html")])
        else:
            urls.add(rel)
    return "".join(f"{u}\n" for u in sorted(urls))


def site_for(config: Path) -> Site:
    """Facts the pages need from outside the data: the site address (mkdocs.yml) and git dates."""
    from .gitinfo import history
    from .render import Site

    settings = _site_config(config)
    updated, changes = history(Path.cwd())
    return Site(site_url=str(settings.get("site_url") or ""), updated=updated, changes=changes)


def generate(
    data: Path,
    content: Path,
    out: Path,
    config: Path,
    timings: Timings | None = None,
    helper: Helper | None = None,
) -> tuple[int, int, int]:
    """Validate, render and mirror into `out`. Raises DataError and then leaves `out` untouched.

    The exports (Excel, CSV, JSON) are made in a second process while this one renders
    the pages, and git is asked for dates while the data is checked.
    """
    from .timing import Timings, gc_paused

    with gc_paused():
        return _generate(data, content, out, config, timings or Timings(), helper)


#: The helper process and what it shares with this process (see `pipeline.Share`).
Helper = tuple["Share", "Worker"]


def start_helper() -> Helper:
    """Fork the helper. It imports the models and the templates while this process
    reads the data; then it gets the entries, makes the downloads, and renders entry pages
    from the back of the list while this process renders from the front.

    Fork before any thread starts. `main` does so before its own imports, so that the
    helper's imports and this process's run side by side.
    """
    import functools

    from .background import Ends, Share, Worker

    share = Share(Ends())
    return share, Worker(prepare=functools.partial(_prepare_helper, share), idle=_between_jobs)


def _generate(
    data: Path, content: Path, out: Path, config: Path, t: Timings, early: Helper | None
) -> tuple[int, int, int]:
    from .pipeline import validate

    share, helper = early if early is not None else start_helper()
    try:
        site_result = _in_thread(site_for, config)  # mostly waiting for git
        catalog, issues = validate(data, timings=t, helper=(share, helper))
        if issues:
            raise DataError(issues)
        site = site_result()
        entries = list(catalog)
        share.ends.reset(len(entries))
        helper.submit(_help, share.for_helper(entries), site)
        pages: dict[str, bytes] = {}
        downloads: dict[str, bytes] = {}

        def collect(items: Iterable[tuple[str, list[tuple[str, bytes]]]]) -> None:
            for kind, payload in items:
                (pages if kind == "pagina's" else downloads).update(payload)

        with t.stage("renderen"):
            from .models import KINDS
            from .render import Renderer
            from .write import collect_content, sync

            renderer = Renderer(catalog, site)
            shared = renderer.shared_files(list(KINDS))
            for batch in renderer.claimed_pages(share.ends):
                pages.update(batch)
                collect(helper.ready())
        with t.stage("hulpproces (wachten)"):
            collect(helper.rest())
    finally:
        helper.cancel()  # only still running when something failed
    files = collect_content(content)
    files.update((rel, text.encode("utf-8")) for rel, text in shared.items())
    files.update(pages)  # an entry's page wins over a shared page of the same name
    files.update(downloads)
    files = dict(sorted(files.items()))
    files["urls.txt"] = published_urls(files).encode("utf-8")
    with t.stage("schrijven"):
        written, removed = sync(out, files)
    return len(files), written, removed


def _in_thread(fn: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start `fn(*args)` in a thread; the function returned waits for its result (or raises
    its exception). Lighter to import than concurrent.futures, which costs 15 ms a run."""
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as err:  # noqa: BLE001 - raised again by result()
            box["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]

    return result


def _prepare_helper(share: Share) -> Share:
    """While this process starts: import the models and jinja2, and compile the templates
    (so that both processes later load them from the cache)."""
    import gc

    gc.disable()  # as in this process (see timing.gc_paused); the helper ends with the run
    from . import export, pipeline, render, xlsx  # noqa: F401 - imports ahead of the jobs

    render.precompile()
    return share


def _between_jobs() -> None:
    """After reading its share of the files, while this process checks the data: make the
    JSON Schemas for the downloads, which depend on the models only."""
    from .schema import schemas

    schemas()


def _help(
    share: Share, items: list[Entry | int], site: Site
) -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """In the helper: the downloads first, then entry pages from the back until the ends meet."""
    from .catalog import Catalog
    from .export import export
    from .render import Renderer

    catalog = Catalog.build(share.from_main(items))
    yield "downloads", list(export(catalog, site.site_url).items())
    for batch in Renderer(catalog, site).claimed_pages(share.ends, from_back=True):
        yield "pagina's", batch


def cmd_generate(args: argparse.Namespace, timings: Timings | None = None) -> int:
    from .timing import Timings

    t = timings if timings is not None else Timings()
    with t.stage("generator"):
        total, written, removed = generate(
            Path(args.data), CONTENT, GENERATED, CONFIG, t, getattr(args, "helper", None)
        )
    print(f"{total} bestanden in {GENERATED}/ ({written} geschreven, {removed} verwijderd).")
    if args.tijden and timings is None:
        print(f"Tijden:\n{t.table()}")
    return 0


def _builder(zensical: bool, out: Path) -> tuple[list[str], Path | None]:
    """Command that builds the site into `out`, and a temporary config to remove afterwards.

    MkDocs takes the output folder on the command line; Zensical only reads `site_dir`
    from the config, so it gets a copy of mkdocs.yml beside the original (relative paths
    keep working) that points at `out`.
    """
    if not zensical:
        return [
            sys.executable,
            "-m",
            "generator.mkdocs_build",  # `mkdocs build` on both cores, same site
            "build",
            "--strict",
            "--clean",
            "-f",
            str(CONFIG),
            "-d",
            str(out),
        ], None
    text = CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_dir:.*$", f"site_dir: {out.as_posix()}", text)
    temp = CONFIG.with_name(f".{out.name}.zensical.yml")
    temp.write_text(text, encoding="utf-8")
    return [
        str(Path(sys.executable).with_name("zensical")),
        "build",
        "--strict",
        "-f",
        str(temp),
    ], temp


def cmd_build(args: argparse.Namespace) -> int:
    import shutil
    import subprocess
    import tempfile

    from .timing import Timings
    from .write import replace_dir

    timings = Timings()
    started = time.perf_counter()
    cmd_generate(args, timings)
    site = Path(args.site)
    # Zensical only writes inside the project root, so its temporary output lives there.
    parent = Path.cwd() if args.zensical else site.parent.resolve()
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.", dir=parent))
    command, temp_config = _builder(args.zensical, tmp)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        # Not -q: MkDocs counts warnings for --strict only when they are logged. We show
        # warnings and errors, and leave out the INFO list of pages that are not in the nav.
        builder = "zensical" if args.zensical else "mkdocs"
        with timings.stage(builder):
            result = subprocess.run(
                command,
                check=False,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        for line in result.stdout.splitlines():
            if (
                re.match(r"\s*(WARNING|ERROR|Error|Aborted|Traceback)", line)
                or "error" in line.lower()[:20]
            ):
                print(line, file=sys.stderr)
    finally:
        if temp_config is not None:
            temp_config.unlink(missing_ok=True)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"De site is niet gebouwd; {site}/ is ongewijzigd gebleven.", file=sys.stderr)
        return 1
    replace_dir(tmp, site)
    total = time.perf_counter() - started
    print(f"Site gebouwd in {site}/ in {total:.1f} s.")
    if args.tijden:
        share = timings.seconds["generator"] / total * 100
        print(f"Tijden:\n{timings.table()}\n  {'totaal':<20}  {total:6.2f} s")
        print(f"De generator nam {share:.0f}% van de bouwtijd.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.data), CONTENT, GENERATED, CONFIG, args.addr, generate)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    written = write_schemas(Path(args.data))
    print(f"JSON Schema bijgewerkt: {len(written)} bestand(en) in {args.data}/schema/.")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from .editing import fmt

    changed = fmt(Path(args.data), check=args.check)
    if args.check:
        for path in changed:
            print(f"{path}: niet in de standaardopmaak; draai 'jzojp fmt'.", file=sys.stderr)
        if changed:
            print(f"\n{len(changed)} bestand(en) niet opgemaakt.", file=sys.stderr)
            return 1
        print("Alle bestanden zijn opgemaakt.")
        return 0
    print(f"{len(changed)} bestand(en) opgemaakt.")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .editing import new_entry

    path = new_entry(Path(args.data), args.soort, args.titel)
    print(
        f"Aangemaakt: {path}\nVul samenvatting, herkomst en koppelingen aan en draai 'jzojp validate'."
    )
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from .editing import rename

    changed = rename(Path(args.data), args.soort, args.oud, args.nieuw)
    print(
        f"'{args.oud}' heet nu '{args.nieuw}'; {len(changed)} bestand(en) bijgewerkt. "
        f"Het oude adres verwijst door naar de nieuwe pagina."
    )
    return 0


def cmd_csp(args: argparse.Namespace) -> int:
    from .csp import policy

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"Geen gebouwde site in {site}/; draai eerst 'jzojp build'.", file=sys.stderr)
        return 1
    print(f"Content-Security-Policy: {policy(site)}")
    print(f"Content-Security-Policy (voor /embed/): {policy(site, embeddable=True)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Entries per kind per source document: the coverage figures of the closing notes."""
    from .models import KINDS, Document
    from .pipeline import validate

    catalog, issues = validate(Path(args.data))
    if issues:
        raise DataError(issues)
    documents = sorted(catalog.all_of(Document), key=lambda d: d.bestand)
    names = [d.bestand[:3] for d in documents]
    print(f"{'soort':<20}" + "".join(f"{n:>6}" for n in names) + f"{'totaal':>8}")
    for kind in KINDS:
        if kind.soort == "document":
            continue
        counts = [len(catalog.reverse(d, kind.soort, "herkomst")) for d in documents]
        print(
            f"{kind.meervoud:<20}"
            + "".join(f"{c:>6}" for c in counts)
            + f"{len(catalog.entries[kind.soort]):>8}"
        )
    print(f"{'totaal':<20}" + " " * 6 * len(names) + f"{len(catalog):>8}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jzojp", description="Kennisbank Juiste Zorg op de Juiste Plek"
    )
    parser.add_argument(
        "--data", default=str(DATA), help="map met de YAML-gegevens (standaard: themes_data)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="controleer alle gegevens en meld elk probleem")
    generate = sub.add_parser(
        "generate", help="controleer en schrijf de Markdown-pagina's naar generated/docs"
    )
    build = sub.add_parser("build", help="controleer, genereer en bouw de site in site/")
    for command in (generate, build):
        command.add_argument("--tijden", action="store_true", help="toon hoe lang elke stap duurde")
    build.add_argument("--site", default=str(SITE), help="doelmap (standaard: site)")
    build.add_argument(
        "--zensical", action="store_true", help="bouw met Zensical in plaats van MkDocs"
    )
    fmt = sub.add_parser(
        "fmt", help="zet alle gegevens in de standaardopmaak (commentaar blijft staan)"
    )
    fmt.add_argument(
        "--check", action="store_true", help="alleen controleren; exit 1 als iets niet is opgemaakt"
    )
    from .models import BY_SOORT

    soorten = sorted(BY_SOORT)
    new = sub.add_parser("new", help="maak een nieuw, geldig item om in te vullen")
    new.add_argument(
        "soort", choices=soorten, metavar="soort", help=f"een van: {', '.join(soorten)}"
    )
    new.add_argument("titel", help="titel van het nieuwe item; de id wordt ervan afgeleid")
    ren = sub.add_parser("rename", help="geef een item een nieuwe id; oude adressen blijven werken")
    ren.add_argument(
        "soort", choices=soorten, metavar="soort", help=f"een van: {', '.join(soorten)}"
    )
    ren.add_argument("oud", help="huidige id")
    ren.add_argument("nieuw", help="nieuwe id")
    csp = sub.add_parser(
        "csp", help="toon de Content-Security-Policy waaraan de gebouwde site voldoet"
    )
    csp.add_argument("--site", default=str(SITE))
    sub.add_parser("stats", help="tel de items per soort en per brondocument")
    sub.add_parser("schema", help="schrijf de JSON Schema's per soort naar themes_data/schema/")
    serve = sub.add_parser(
        "serve", help="bekijk de site op http://127.0.0.1:8000 en herlaad bij wijzigingen"
    )
    serve.add_argument("--addr", default="127.0.0.1:8000")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "generate": cmd_generate,
    "build": cmd_build,
    "serve": cmd_serve,
    "schema": cmd_schema,
    "fmt": cmd_fmt,
    "new": cmd_new,
    "rename": cmd_rename,
    "csp": cmd_csp,
    "stats": cmd_stats,
}


def _command(argv: Sequence[str]) -> str | None:
    """The command named in `argv`, found without building the full parser (which imports
    the models)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data")
    early.add_argument("command", nargs="?")
    return early.parse_known_args(argv)[0].command


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    generates = _command(argv) in ("generate", "build") and not {"-h", "--help"} & set(argv)
    helper = start_helper() if generates else None
    args = _parser().parse_args(argv)
    args.helper = helper
    try:
        return COMMANDS[args.command](args)
    except DataError as err:
        _report(err.issues)
        return 1


if __name__ == "__main__":
    sys.exit(main())
