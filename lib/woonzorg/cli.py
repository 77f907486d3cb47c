"""The ``woonzorg`` command: a thin wrapper over library functions that the tests call too."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from woonzorg import regions
from woonzorg.present import charts
from woonzorg.data import DataValidationError, load_dataset

EXIT_DATA = 2  # invalid data or an invalid request
EXIT_BUILD = 1  # a task failed


def _fail(message: str, code: int = EXIT_DATA) -> int:
    print(f"woonzorg: {message}", file=sys.stderr)
    return code


def _report_data_errors(exc: DataValidationError) -> int:
    print(f"De gegevens zijn niet in orde ({len(exc.errors)} fout{'en' if len(exc.errors) != 1 else ''}):",
          file=sys.stderr)
    for error in exc.errors:
        print(f"  {error}", file=sys.stderr)
    return EXIT_DATA


def cmd_check(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.data)
    overview = regions.summary(dataset)
    print(f"Gegevens in orde: {dataset.root}")
    for name, table in dataset.tables.items():
        print(f"  {name + '.csv':<26} {len(table):>5} regels")
    print(f"  {len(overview)} regio's met samen {overview['gemeenten'].sum()} gemeenten")
    return 0


def cmd_regios(args: argparse.Namespace) -> int:
    overview = regions.summary(load_dataset(args.data))
    print(f"{'regio':<18} {'naam':<42} {'gemeenten':>9} {'inwoners':>12}")
    for row in overview.itertuples(index=False):
        print(f"{row.regio:<18} {row.naam:<42} {row.gemeenten:>9} {charts.dutch_number(row.inwoners):>12}")
    return 0


def cmd_regio_toevoegen(args: argparse.Namespace) -> int:
    try:
        region = regions.add_region(args.data, args.id, args.naam, args.codes,
                                    centrumgemeenten=args.centrumgemeente or [], bron=args.bron)
    except regions.RegionDefinitionError as exc:
        return _fail(f"regio niet toegevoegd: {exc}")
    print(f"Regio {region.id} ({region.naam}) toegevoegd met {len(region.gemeentecodes)} gemeenten.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from woonzorg.publish import Progress, build
    from woonzorg.publish.plan import PlanError

    try:
        report = build(regios=args.regio, themas=args.thema, data_dir=args.data, out_dir=args.out,
                       workers=args.workers, dask=args.dask, force=args.force, pdf=args.pdf,
                       executor=args.kernel, progress=Progress())
    except PlanError as exc:
        return _fail(str(exc))
    print(report.summary())
    return 0 if report.ok else EXIT_BUILD


def cmd_leerkring(args: argparse.Namespace) -> int:
    from woonzorg.leerkring import app

    try:
        return app.serve(args.id, args.poort, data_dir=args.data, out_dir=args.out, werkboeken=args.werkboeken)
    except app.AppError as exc:
        return _fail(str(exc), EXIT_BUILD)


def cmd_data_vernieuw(args: argparse.Namespace) -> int:
    from woonzorg import cbs, paths

    try:
        result = cbs.refresh_gemeenten(paths.data_dir(args.data), table=args.tabel, peildatum=args.peildatum)
    except cbs.CBSError as exc:
        return _fail(str(exc))
    print(result.summary())
    return 0


def cmd_gegevens_sjabloon(args: argparse.Namespace) -> int:
    from woonzorg import gegevensuitvraag

    dataset = load_dataset(args.data)
    xlsx, csv_path = gegevensuitvraag.write_template(dataset, args.regio, args.uit)
    n = len(gegevensuitvraag.missing_figures(dataset, args.regio))
    print(f"Gegevensuitvraag voor {args.regio}: {n} ontbrekende cijfers in {xlsx} en {csv_path}")
    return 0


def cmd_gegevens_inlezen(args: argparse.Namespace) -> int:
    from woonzorg import gegevensuitvraag

    try:
        result = gegevensuitvraag.import_filled(args.bestand, args.regio, args.data)
    except gegevensuitvraag.GegevensuitvraagError as exc:
        print(f"Niet ingelezen ({len(exc.problems)} fout{'en' if len(exc.problems) != 1 else ''}); "
              "er is niets veranderd:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_DATA
    print(result.summary())
    return 0


def cmd_cijfers(args: argparse.Namespace) -> int:
    from woonzorg import analyse

    sys.stdout.write(analyse.cijfers_csv(load_dataset(args.data), args.regio))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="woonzorg", description="Werkboeken en handreikingen 'Een thuis voor iedereen'.")
    sub = p.add_subparsers(dest="command", required=True, metavar="opdracht")

    def with_data(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--data", metavar="MAP", help="map met de gegevens (standaard: data/ van het project)")
        return sp

    with_data(sub.add_parser("check", help="controleer alle gegevens")).set_defaults(func=cmd_check)
    with_data(sub.add_parser("regios", help="toon de regio's")).set_defaults(func=cmd_regios)

    regio = sub.add_parser("regio", help="regio's beheren")
    regio_sub = regio.add_subparsers(dest="regio_command", required=True, metavar="opdracht")
    add = with_data(regio_sub.add_parser("toevoegen", help="voeg een regio toe"))
    add.add_argument("id", help="regio-id: kleine letters, cijfers en streepjes")
    add.add_argument("--naam", required=True, help="naam van de regio")
    add.add_argument("codes", nargs="+", metavar="CODE", help="CBS-codes van de gemeenten (GM####)")
    add.add_argument("--centrumgemeente", action="append", metavar="CODE", help="centrumgemeente (herhaalbaar)")
    add.add_argument("--bron", default="eigen regio-indeling", help="bron van de indeling")
    add.set_defaults(func=cmd_regio_toevoegen)

    b = with_data(sub.add_parser("build", help="bouw de handreikingen"))
    b.add_argument("--regio", action="append", metavar="ID", help="alleen deze regio (herhaalbaar)")
    b.add_argument("--thema", action="append", metavar="NAAM", help="alleen dit thema (herhaalbaar)")
    b.add_argument("--out", metavar="MAP", help="uitvoermap (standaard: handreikingen/)")
    b.add_argument("--workers", type=int, metavar="N", help="aantal parallelle processen (standaard: aantal kernen)")
    b.add_argument("--dask", metavar="ADRES",
                   help="voer uit op een Dask-cluster (adres van de scheduler; 'local': een LocalCluster op deze machine)")
    b.add_argument("--force", action="store_true", help="bouw alles opnieuw, ook wat niet veranderd is")
    b.add_argument("--pdf", action="store_true", help="maak ook een PDF van elke handreiking (met Chromium)")
    b.add_argument("--kernel", choices=["warm", "vers"], default="warm",
                   help="warm: één hergebruikte kernel per proces (snel, standaard); vers: een nieuwe kernel per notebook")
    b.set_defaults(func=cmd_build)

    lk = with_data(sub.add_parser("leerkring", help="open de werkboeken van een regio als app zonder code (Voilà)"))
    lk.add_argument("id", help="regio-id, bijvoorbeeld parkstad")
    lk.add_argument("--poort", type=int, metavar="N", help="poort op 127.0.0.1 (standaard: een vrije poort)")
    lk.add_argument("--out", metavar="MAP", help="map met de gebouwde handreikingen (standaard: handreikingen/)")
    lk.add_argument("--werkboeken", metavar="MAP", help="map met de eigen werkboeken (standaard: werkboeken/)")
    lk.set_defaults(func=cmd_leerkring)

    d = sub.add_parser("data", help="gegevens beheren")
    d_sub = d.add_subparsers(dest="data_command", required=True, metavar="opdracht")
    v = with_data(d_sub.add_parser("vernieuw", help="haal de gemeentecijfers opnieuw op bij CBS StatLine"))
    v.add_argument("--tabel", default="85984NED", help="CBS-tabel (standaard 85984NED, kerncijfers 2024)")
    v.add_argument("--peildatum", default="2024-01-01", help="peildatum van de tabel")
    v.set_defaults(func=cmd_data_vernieuw)

    g = sub.add_parser("gegevens", help="gegevensuitvraag: ontbrekende cijfers opvragen en ingevulde cijfers inlezen")
    g_sub = g.add_subparsers(dest="gegevens_command", required=True, metavar="opdracht")
    t = with_data(g_sub.add_parser("sjabloon", help="schrijf een Excel-werkmap en CSV met de cijfers die de regio mist"))
    t.add_argument("--regio", required=True, metavar="ID", help="de regio")
    t.add_argument("--uit", metavar="MAP", help="map voor de werkmap en de CSV (standaard: de huidige map)")
    t.set_defaults(func=cmd_gegevens_sjabloon)
    i = with_data(g_sub.add_parser("inlezen", help="controleer een ingevulde werkmap (of CSV) en voeg de cijfers toe"))
    i.add_argument("bestand", metavar="BESTAND", help="ingevulde werkmap (.xlsx) of CSV")
    i.add_argument("--regio", required=True, metavar="ID", help="de regio van de uitvraag")
    i.set_defaults(func=cmd_gegevens_inlezen)
    c = with_data(sub.add_parser("cijfers", help="druk de cijfers van de woonzorganalyse van een regio af als CSV"))
    c.add_argument("--regio", required=True, metavar="ID", help="de regio (zie woonzorg regios)")
    c.set_defaults(func=cmd_cijfers)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataValidationError as exc:
        return _report_data_errors(exc)
    except regions.UnknownRegion as exc:
        return _fail(str(exc))


if __name__ == "__main__":
    sys.exit(main())
