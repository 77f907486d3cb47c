"""Procesorganisatie charts: the actor map, the RACI grid, the zelfscan radar and the timeline."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd

from woonzorg.present import canvas, charts
from woonzorg.proces.model import Zelfscanuitslag
from woonzorg.proces.schema import DIMENSIES, RACI_ROLLEN, SCHAAL, SCHAAL_MAX, SCHAAL_MIN, SPOREN, _present

# --------------------------------------------------------------------------------------------
# Charts


def _short(text: str, width: int = 28, lines: int = 4) -> str:
    """Wrap a label; cut it off with an ellipsis after ``lines`` lines."""
    wrapped = textwrap.wrap(text, width, break_long_words=False)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] += " …"
    return "\n".join(wrapped)


def actorenkaart(actoren: pd.DataFrame, regio_naam: str) -> charts.Chart:
    """Belang × invloed map: each actor a number (as in the actors table), the key beside the plot."""

    title = f"Actoren naar belang en invloed, {regio_naam}"
    numbered = actoren.reset_index(drop=True).assign(nr=lambda f: f.index + 1)
    with charts.house_style():
        # the key below the plot, not beside it: a taller chart stays legible on a phone
        key_height = 0.2 * len(numbered) + 0.15 * sum(len(str(o)) > 52 for o in numbered["organisatie"]) + 0.3
        fig = canvas.new_figure((charts.CHART_WIDTH, 5.2 + key_height))
        ax, key = fig.subplots(2, 1, gridspec_kw={"height_ratios": [5.2, key_height]})
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.axvline(3, color="#999999", lw=0.8)
        ax.axhline(3, color="#999999", lw=0.8)
        ax.grid(False)
        for x, y, label in ((1.75, 5.3, "Tevreden houden"), (4.25, 5.3, "Nauw betrekken"),
                            (1.75, 0.7, "Monitoren"), (4.25, 0.7, "Informeren en betrekken")):
            ax.text(x, y, label, ha="center", va="center", fontsize=9, color="#555555", style="italic")
        for (belang, invloed), group in numbered.groupby(["belang", "invloed"], sort=True):
            ax.scatter([belang], [invloed], s=90 + 50 * len(group), color=charts.PALETTE[0], zorder=3)
            ax.annotate(", ".join(str(n) for n in group["nr"]), (belang, invloed), xytext=(0, 11),
                        textcoords="offset points", fontsize=8, ha="center", fontweight="bold")
        ax.set_xlabel("Belang bij de opgave (1 = laag, 5 = hoog)")
        ax.set_ylabel("Invloed op de opgave (1 = laag, 5 = hoog)")
        ax.set_title(title)
        key.axis("off")
        lines = [f"{r.nr}. {_short(r.organisatie, 52, 2)}".replace("\n", "\n     ") for r in numbered.itertuples()]
        key.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=7.5, transform=key.transAxes, linespacing=1.4)
    voorbeeld = actoren["positie_voorbeeld"].astype(bool).any()
    hoog = actoren[(actoren["belang"] >= 4) & (actoren["invloed"] >= 4)]["organisatie"].tolist()
    alt = (f"Spreidingsdiagram van {len(actoren)} actoren van {regio_naam} naar belang (horizontaal) en invloed "
           f"(verticaal), elk op een schaal van 1 tot 5; de nummers verwijzen naar de lijst ernaast en de tabel. "
           f"Hoog belang en hoge invloed: {', '.join(hoog) if hoog else 'geen'}."
           + (" De posities zijn een voorbeeldinschatting." if voorbeeld else ""))
    bron = "actoren van de regio" + ("; posities zijn een voorbeeldinschatting per type actor" if voorbeeld else "")
    return charts.Chart.from_figure(fig, alt=alt, bron=bron, title=title)


RACI_KLEUREN = {"A": charts.PALETTE[5], "R": charts.PALETTE[0], "C": charts.PALETTE[4], "I": "#dddddd", "": "#ffffff"}


def raci_heatmap(matrix: pd.DataFrame, actoren: pd.DataFrame, regio_naam: str, *, voorbeeld: bool) -> charts.Chart:
    """The RACI matrix as a coloured grid with the letter in every cell (colour is never the only cue)."""
    from matplotlib.patches import Patch, Rectangle

    title = f"Rollen per processpoor (RACI), {regio_naam}"
    names = dict(zip(actoren["actor"], actoren["organisatie"]))
    with charts.house_style():
        fig = canvas.new_figure((charts.CHART_WIDTH, 0.5 * len(matrix) + 2.2))
        ax = fig.subplots()
        for i, actor in enumerate(matrix.index):
            for j, spoor in enumerate(matrix.columns):
                letter = matrix.loc[actor, spoor]
                # add_artist: the limits are set below, no need to grow them by every cell
                ax.add_artist(Rectangle((j, i), 1, 1, facecolor=RACI_KLEUREN[letter], edgecolor="white", lw=2))
                ax.text(j + 0.5, i + 0.5, letter, ha="center", va="center", fontsize=11, fontweight="bold",
                        color="white" if letter in ("A", "R") else charts.INK)
        ax.set_xlim(0, len(matrix.columns))
        ax.set_ylim(len(matrix), 0)
        ax.set_xticks([j + 0.5 for j in range(len(matrix.columns))])
        ax.set_xticklabels([_short(SPOREN[s], 13, 5) for s in matrix.columns], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(matrix))])
        # the whole name on at most two lines (one line cut names off: "Bestuurscommissie Wonen en")
        ax.set_yticklabels([_short(names.get(a, a), 26, 2) for a in matrix.index], fontsize=8)
        ax.grid(False)
        for side in ("left", "bottom", "top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0)
        ax.legend(handles=[Patch(facecolor=RACI_KLEUREN[k], label=v) for k, v in RACI_ROLLEN.items()],
                  loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, frameon=False, fontsize=8)
        ax.set_title(title, pad=62)
    eind = {s: names.get(a, a) for s in matrix.columns for a in matrix.index if matrix.loc[a, s] == "A"}
    alt = (f"Raster met {len(matrix)} actoren van {regio_naam} (rijen) en de vier processporen (kolommen); elke cel "
           "bevat de letter R, A, C of I. Eindverantwoordelijk: "
           + "; ".join(f"{SPOREN[s]}: {eind.get(s, 'niet belegd')}" for s in matrix.columns) + "."
           + (" Het gaat (deels) om een voorbeeldinvulling." if voorbeeld else ""))
    bron = "rollen volgens openbare bronnen" + ("; (deels) voorbeeldinvulling" if voorbeeld else "")
    return charts.Chart.from_figure(fig, alt=alt, bron=bron, title=title)


def zelfscan_radar(result: Zelfscanuitslag, change: pd.DataFrame | None = None, *, regio_naam: str,
                   comparison: pd.DataFrame | None = None) -> charts.Chart:
    """Radar of one round's dimension scores, with the previous round and the other regions' mean if given."""
    dims = list(result.scores.index)
    labels = [DIMENSIES[d].naam for d in dims]
    label_now = f"Ronde {result.ronde} ({result.datum})" + (" – voorbeeld" if result.voorbeeld else "")
    series = {label_now: [float(result.scores[d]) for d in dims]}
    if change is not None and len(change) and change.attrs.get("huidige_ronde") == result.ronde:
        before = dict(zip(change["dimensie"], change["vorige"]))
        series[f"Vorige ronde ({change.attrs['vorige_ronde']})"] = [float(before.get(d, float("nan"))) for d in dims]
    if comparison is not None and len(comparison):
        mean = dict(zip(comparison["dimensie"], comparison["gemiddelde"]))
        series["Gemiddelde andere regio's"] = [float(mean.get(d, float("nan"))) for d in dims]
    title = f"Zelfscan procesorganisatie{' (voorbeeld)' if result.voorbeeld else ''}, {regio_naam}"
    alt = (f"{'Voorbeeld: ' if result.voorbeeld else ''}Radardiagram met de score per dimensie op een schaal van {SCHAAL_MIN} tot {SCHAAL_MAX} voor ronde "
           f"{result.ronde}{' (voorbeeldantwoorden)' if result.voorbeeld else ''}: "
           + "; ".join(f"{DIMENSIES[d].naam} {charts.dutch_number(result.scores[d], 1)}" for d in dims) + "."
           + (f" Ook getoond: {', '.join(list(series)[1:]).lower()}." if len(series) > 1 else ""))
    bron = "zelfscan van de regio" + (" (voorbeeldantwoorden, verzonnen)" if result.voorbeeld else "")
    return radar_chart(labels, series, title=title, bron=bron, alt=alt,
                              rmin=0, rmax=SCHAAL_MAX, ticks=list(SCHAAL))


def tijdlijn(mijlpalen: pd.DataFrame, afspraken: pd.DataFrame, regio_naam: str, *, wet_label: str = "",
             today=None) -> charts.Chart:
    """Sourced milestones and dated agreements on one time axis, with the build date and the law's date marked.

    Example milestones (``voorbeeld`` = ja) are left out: they belong in the practice section. A
    planned milestone whose date has passed is drawn as past, never as agenda.
    """

    from woonzorg.beleid import build_date

    today = pd.Timestamp(today or build_date())
    mijlpalen = mijlpalen[~mijlpalen["voorbeeld"].astype(bool)]

    events = [(pd.Timestamp(r.datum), r.mijlpaal,
               "agenda" if r.soort == "agenda" and pd.Timestamp(r.datum) > today else
               ("besluit" if r.soort == "agenda" else r.soort), bool(r.voorbeeld))
              for r in mijlpalen.itertuples(index=False)]
    events += [(pd.Timestamp(r.datum), r.naam, "afspraak", False)
               for r in afspraken.itertuples(index=False) if _present(r.datum)]
    events.sort(key=lambda e: e[0])
    styles = {"landelijk": (charts.PALETTE[7], "s", "Landelijk"), "afspraak": (charts.PALETTE[0], "o", "Regionale afspraak"),
              "besluit": (charts.PALETTE[2], "D", "Besluit of stap"), "agenda": (charts.PALETTE[1], "^", "Agenda (gepland)")}
    title = f"Tijdlijn: afspraken, mijlpalen en agenda, {regio_naam}"
    with charts.house_style():
        # top to bottom, one line per event with its date and text beside it: a long list makes the
        # chart taller, never wider, so it stays legible on a phone
        rows = max(1, len(events))
        fig = canvas.new_figure((charts.CHART_WIDTH, 0.5 * rows + 1.9))
        ax = fig.subplots()
        seen: set[str] = set()
        for k, (when, text, soort, voorbeeld) in enumerate(events):
            colour, marker, label = styles[soort]
            ax.scatter([0], [k], color=colour, marker=marker, s=45, zorder=3, label=None if label in seen else label)
            seen.add(label)
            ax.annotate(when.strftime("%Y-%m-%d"), (0, k), xytext=(-10, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=9, color="#555555")
            ax.annotate(_short(text, 44, 3), (0, k), xytext=(10, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=9, style="italic" if voorbeeld else "normal", annotation_clip=False)
        # the build date between the events before and after it
        after = next((k for k, e in enumerate(events) if e[0] > today), len(events))
        ax.axhline(after - 0.5, color=charts.PALETTE[5], ls="--", lw=1,
                   label=f"Stand van deze handreiking ({today.year})")
        ax.axvline(0, color="#bbbbbb", lw=1, zorder=1)
        ax.set_xlim(-1, 4.2)
        ax.set_ylim(rows - 0.4, -0.6)
        ax.axis("off")
        ax.set_title(title)
        canvas.legend_below(ax, ncol=2, fontsize=8)
    first, last = (events[0][0].year, events[-1][0].year) if events else (2026, 2030)
    alt = (f"Tijdlijn van {first} tot {last} met {len(events)} gebeurtenissen voor {regio_naam}: "
           + "; ".join(f"{e[0].strftime('%Y-%m-%d')} {e[1]}" for e in events) + ".")
    alt += f" De stippellijn markeert de datum van deze handreiking ({today.strftime('%Y-%m-%d')})."
    if wet_label:
        alt += f" Wet versterking regie volkshuisvesting: {wet_label}."
    return charts.Chart.from_figure(fig, alt=alt, bron="mijlpalen en afspraken van de regio (alleen mijlpalen "
                                    "met bron; de voorbeeldagenda staat bij het oefenmateriaal)", title=title)


def radar_chart(
    labels: Sequence[str],
    series: "dict[str, Sequence[float]]",
    *,
    title: str,
    bron: str,
    alt: str,
    rmin: float = 0,
    rmax: float = 4,
    ticks: Sequence[float] = (1, 2, 3, 4),
) -> charts.Chart:
    """The zelfscan radar: scores per dimension; the first series filled, the others as lines (house style)."""
    import math

    n = len(labels)
    angles = [2 * math.pi * k / n for k in range(n)] + [0.0]
    styles = ["-", "--", ":", "-."]
    with charts.house_style():
        fig = canvas.new_figure((charts.CHART_WIDTH, 6.2))
        ax = fig.subplots(subplot_kw={"polar": True})
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        for k, (name, values) in enumerate(series.items()):
            closed = [float(v) for v in values] + [float(values[0])]
            colour = charts.PALETTE[k % len(charts.PALETTE)]
            ax.plot(angles, closed, color=colour, linestyle=styles[k % len(styles)], linewidth=2, marker="o",
                    markersize=4, label=name)
            if k == 0:
                ax.fill(angles, closed, color=colour, alpha=0.2)
        ax.set_xticks(angles[:-1])
        ax.set_xticklabels(["\n".join(textwrap.wrap(label, 18, break_long_words=False)) for label in labels],
                           fontsize=8)
        ax.set_ylim(rmin, rmax)
        ax.set_yticks(list(ticks))
        ax.set_yticklabels([charts.dutch_number(t) for t in ticks], fontsize=7, color="#555555")
        ax.grid(True, color="#dddddd")
        ax.set_title(title, pad=24)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.06), ncol=1, frameon=False, fontsize=8)  # inside the figure
        return charts.Chart.from_figure(fig, alt=alt, bron=bron, title=title)
