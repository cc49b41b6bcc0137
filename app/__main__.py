"""Commands: python -m app check-data | migrate | load-data | eval-match | embed-situations |
untranslated."""

import argparse
import sys
from pathlib import Path

from app.config import Settings
from app.services.evaluation import EVAL_SETS
from app.services.loading import DataError, in_memory_catalog, read_data


def check_data(data_dir: Path) -> int:
    try:
        data = read_data(data_dir)
    except DataError as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        print(f"{len(error.messages)} error(s); nothing was loaded.", file=sys.stderr)
        return 1
    print(
        f"data version {data.version}: {len(data.wegwijzers.domains)} domains, "
        f"{len(data.wegwijzers.referrers)} referrers, "
        f"{len(data.wegwijzers.situations)} situations, {len(data.red_flags.signals)} signals, "
        f"{len(data.providers.providers)} providers, {len(data.postcodes)} postcodes: valid"
    )
    return 0


def migrate(settings: Settings) -> int:
    from app.db import make_engine
    from app.db import migrate as migrate_schema

    engine = make_engine(settings.database_url)
    migrate_schema(engine)
    print("database schema is up to date")
    return 0


def load_data(settings: Settings) -> int:
    from app.db import make_engine, migrate
    from app.services.storage import store_data

    try:
        data = read_data(settings.data_dir)
    except DataError:
        return check_data(settings.data_dir)
    engine = make_engine(settings.database_url)
    migrate(engine)
    stored = store_data(engine, data)
    print(f"data version {data.version} " + ("loaded" if stored else "was already loaded"))
    return 0


def eval_match(settings: Settings, set_name: str, cases_file: Path | None,
               show_misses: bool) -> int:
    from app.services.evaluation import (
        DEV_SETS,
        EVAL_SETS,
        evaluate,
        is_blind,
        load_cases,
        sha256_of,
    )
    from app.services.semantic import Semantics

    path = cases_file or EVAL_SETS[set_name]
    if show_misses and is_blind(path):
        # A blind set's misses, once read, are what the next change is tuned on.
        print(f"{path.name} is blind: its misses are not shown", file=sys.stderr)
        return 2
    catalog = in_memory_catalog(settings.data_dir)
    semantics = Semantics.start(settings.data_dir) if settings.semantic_matching else None
    if semantics is not None and not semantics.index(catalog).complete:
        print("data/situation_vectors.npz lacks texts: run python -m app embed-situations",
              file=sys.stderr)
        return 1
    report = evaluate(catalog, load_cases(path), semantics)
    print(f"{path.name} (sha256 {sha256_of(path)[:16]}…), matching: "
          + ("keywords and meaning" if semantics else "keywords only"))
    if path.resolve() in [EVAL_SETS[name].resolve() for name in DEV_SETS]:
        print("This set is tuned on: its figures are not a result.")
    print("\n".join(report.lines()))
    if show_misses:
        print("\n".join(["misses:", *report.misses]))
    return 0


def embed_situations(data_dir: Path) -> int:
    """Embed every situation text the vectors file lacks, fit the situation head on them,
    and store the file with exactly the texts of the data files."""
    from app.services.semantic import (
        CALM_LABEL,
        VECTORS_FILE,
        VectorCache,
        fit_head,
        shared_encoder,
        situation_texts,
        vectors_file_is_current,
    )

    catalog = in_memory_catalog(data_dir)
    path = data_dir / VECTORS_FILE
    cache = VectorCache(shared_encoder(), [path])
    rows = situation_texts(catalog)
    texts = [prefixed for _, prefixed in rows]
    missing = [text for text in texts if cache.get(text) is None]
    print(f"{len(texts)} texts, {len(missing)} to embed")
    if not missing and vectors_file_is_current(path, rows):
        # Refitting would give other weights on another machine's BLAS and rewrite a file
        # that git then sees as changed.
        print(f"{path}: up to date")
        return 0
    for done in range(0, len(missing), 50):
        cache.embed_now(missing[done:done + 50])
        print(f"  {min(done + 50, len(missing))}/{len(missing)}", flush=True)
    try:
        head = fit_head(rows, cache)
    except ImportError:  # the service's lock has no scikit-learn; the test lock has
        cache.save(path, texts)
        print(f"{path}: vectors stored without a head: fitting it needs scikit-learn "
              "(make embed installs it)", file=sys.stderr)
        return 1
    print(f"{path}: {cache.save(path, texts, head)} vectors, "
          + (f"a head for {len(set(head.labels) - {CALM_LABEL})} situations and the calm "
             "sentences" if head else "no head"))
    return 0


def untranslated(data_dir: Path) -> int:
    """Interface texts without a translation, and data texts without each language."""
    from app.config import LANGUAGES
    from app.services.messages import interface_messages, missing_data_texts
    from app.services.messages import untranslated as missing_interface

    messages = interface_messages()
    data = read_data(data_dir)
    total = 0
    for language in LANGUAGES:
        if language == "en":
            continue
        interface = missing_interface(language, messages)
        texts = missing_data_texts(data, language)
        total += len(interface) + len(texts)
        print(f"{language}: {len(interface)} interface texts, {len(texts)} data texts missing")
        for item in [*interface, *texts][:50]:
            print(f"  {item}")
    return 1 if total else 0


def export_hsds(data_dir: Path, directory: Path) -> int:
    from app.services import hsds
    from app.services.loading import in_memory_catalog

    try:
        catalog = in_memory_catalog(data_dir)
    except DataError as error:
        print("\n".join(error.messages), file=sys.stderr)
        return 1
    count = hsds.export(catalog, directory)
    print(f"{directory / hsds.SERVICES_FILE}: {count} services, valid HSDS 3.0")
    return 0


def import_hsds(data_dir: Path, source: Path, output: Path, domains: list[str],
                area: str | None) -> int:
    """Write the services of `source` as a providers file to `output`, after checking
    that the data files with it in place of data/providers.yaml load."""
    import shutil
    import tempfile

    import yaml

    from app.services.hsds_import import ImportRefused, import_services, providers_file

    path = source / "services.json" if source.is_dir() else source
    try:
        imported = import_services(path, domains, area)
    except ImportRefused as refused:
        print("\n".join(refused.messages), file=sys.stderr)
        print(f"{len(refused.messages)} error(s); nothing was written.", file=sys.stderr)
        return 1
    current = yaml.safe_load((data_dir / "providers.yaml").read_text(encoding="utf-8"))
    text = providers_file(imported, current["target_groups"], current.get("municipalities", []))
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / "data"
        shutil.copytree(data_dir, trial)
        (trial / "providers.yaml").write_text(text, encoding="utf-8")
        try:
            read_data(trial)
        except DataError as error:
            print("\n".join(m.replace(str(trial / "providers.yaml"), str(output))
                            for m in error.messages), file=sys.stderr)
            print("the imported providers do not load; nothing was written.", file=sys.stderr)
            return 1
    output.write_text(text, encoding="utf-8")
    for line in imported.left_out:
        print(f"left out: {line}")
    print(f"{output}: {len(imported.providers)} providers")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check-data", help="validate data/ without touching the database")
    check.add_argument("--data-dir", type=Path, help="default: DATA_DIR or ./data")
    commands.add_parser("migrate", help="bring the schema of DATABASE_URL to the newest "
                        "migration (the app does it too when it starts)")
    load = commands.add_parser("load-data", help="validate data/ and store it in DATABASE_URL")
    load.add_argument("--data-dir", type=Path)
    evaluation = commands.add_parser(
        "eval-match", help="top-1/top-3 domain accuracy and acute recall on labelled questions"
    )
    evaluation.add_argument("--data-dir", type=Path)
    evaluation.add_argument("--set", choices=sorted(EVAL_SETS), default="dev",
                            help="dev*: tuned on; blind*: frozen, report on them, never "
                            "read their misses (app/eval/)")
    evaluation.add_argument("--cases", type=Path, help="another file of labelled questions")
    evaluation.add_argument("--misses", action="store_true", help="list the questions missed")
    evaluation.add_argument("--keywords-only", action="store_true",
                            help="without the sentence model (as SEMANTIC_MATCHING=false)")
    embed = commands.add_parser("embed-situations",
                                help="store the model's vectors of the situations' texts")
    embed.add_argument("--data-dir", type=Path)
    export = commands.add_parser("export-hsds",
                                 help="write the directory as HSDS 3.0 (services.json) to DIR")
    export.add_argument("directory", type=Path)
    export.add_argument("--data-dir", type=Path)
    import_ = commands.add_parser("import-hsds",
                                  help="write the HSDS services in DIR as a providers file")
    import_.add_argument("directory", type=Path, help="a folder with services.json, or a file")
    import_.add_argument("--output", type=Path, required=True)
    import_.add_argument("--domain", action="append", default=[],
                         help="life domain for services that name none (repeatable)")
    import_.add_argument("--area", help="'national' or a place: the service area for "
                         "services whose area cannot be read")
    import_.add_argument("--data-dir", type=Path)
    missing = commands.add_parser("untranslated", help="list missing translations per language")
    missing.add_argument("--data-dir", type=Path)
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    settings = Settings(**({"data_dir": data_dir} if data_dir else {}))
    if args.command == "check-data":
        return check_data(settings.data_dir)
    if args.command == "migrate":
        return migrate(settings)
    if args.command == "untranslated":
        return untranslated(settings.data_dir)
    if args.command == "eval-match":
        if args.keywords_only:
            settings = settings.model_copy(update={"semantic_matching": False})
        return eval_match(settings, args.set, args.cases, args.misses)
    if args.command == "embed-situations":
        return embed_situations(settings.data_dir)
    if args.command == "export-hsds":
        return export_hsds(settings.data_dir, args.directory)
    if args.command == "import-hsds":
        return import_hsds(settings.data_dir, args.directory, args.output, args.domain,
                           args.area)
    return load_data(settings)


if __name__ == "__main__":
    sys.exit(main())
