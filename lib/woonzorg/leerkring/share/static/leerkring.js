// The group's pages of the leerkring app: choosing an option (aria-pressed), sending the zelfscan, opening a
// round and the facilitator's live view of it. Served by the session server itself; nothing from another host.
"use strict";

function xsrf() {
  return document.querySelector('meta[name="wz-xsrf"]').content;
}

async function send(url, values) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-XSRFToken": xsrf()},
    body: JSON.stringify(values),
  });
  let answer = {};
  try { answer = await response.json(); } catch (e) { answer = {fout: "De server gaf geen antwoord. Probeer het opnieuw."}; }
  return answer;
}

function say(element, text, good) {
  element.textContent = text;
  element.className = "wz-melding " + (good ? "wz-goed" : "wz-fout");
  element.hidden = false;
}

// a group of option buttons: one is chosen (aria-pressed="true", a mark before it), the others are not
document.querySelectorAll(".wz-opties").forEach(function (group) {
  group.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button || !group.contains(button)) return;
    group.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
  });
});

function chosen(group) {
  const button = group.querySelector('button[aria-pressed="true"]');
  return button ? button.dataset.waarde : null;
}

const scan = document.getElementById("wz-zelfscan");
if (scan) {
  scan.addEventListener("submit", async function (event) {
    event.preventDefault();
    const melding = document.getElementById("wz-melding");
    const scores = {};
    let open = 0;
    scan.querySelectorAll(".wz-opties[data-stelling]").forEach(function (group) {
      const value = chosen(group);
      if (value === null) { open += 1; } else { scores[group.dataset.stelling] = Number(value); }
    });
    const soort = chosen(scan.querySelector('.wz-opties[data-veld="organisatietype"]'));
    const naam = scan.querySelector("#wz-naam").value.trim();
    if (!naam) return say(melding, "Vul uw naam of de naam van uw tafel in.", false);
    if (!soort) return say(melding, "Kies voor welk soort organisatie u invult.", false);
    if (open) return say(melding, "Geef bij elke stelling een score; nog open: " + open + ".", false);
    const button = scan.querySelector("button[type=submit]");
    button.disabled = true;
    const answer = await send(scan.dataset.actie, {
      datum: scan.dataset.datum, titel: scan.dataset.titel, deelnemer: naam, organisatietype: soort, scores: scores,
    });
    button.disabled = false;
    say(melding, answer.bericht || answer.fout, Boolean(answer.bericht));
    melding.focus();
  });
}

const openen = document.getElementById("wz-ronde-openen");
if (openen) {
  openen.addEventListener("submit", async function (event) {
    event.preventDefault();
    const melding = document.getElementById("wz-ronde-melding");
    const answer = await send(openen.dataset.actie, {
      datum: openen.querySelector("#wz-datum").value, titel: openen.querySelector("#wz-titel").value,
    });
    say(melding, answer.bericht || answer.fout, Boolean(answer.bericht));
    refresh();
  });
}

const overzicht = document.getElementById("wz-overzicht");

function cell(row, text, kop, numeric) {
  const td = document.createElement("td");
  td.textContent = text;
  td.dataset.kop = kop;
  if (numeric) td.className = "num";
  row.appendChild(td);
  return td;
}

function render(state) {
  const kop = document.getElementById("wz-ronde");
  const aantal = document.getElementById("wz-aantal");
  if (!state.ronde) {
    kop.textContent = "Er is nog geen ronde geopend.";
    aantal.textContent = "0";
    overzicht.querySelector("tbody").replaceChildren();
    return;
  }
  kop.textContent = "Ronde \u2018" + state.ronde.titel + "\u2019 van " + state.ronde.datum_nl;
  aantal.textContent = String(state.n);
  const rows = state.stellingen.map(function (s) {
    const row = document.createElement("tr");
    row.dataset.stelling = s.stelling;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = s.tekst;
    const dim = document.createElement("span");
    dim.className = "wz-dimensie";
    dim.textContent = s.dimensie;
    th.prepend(dim);
    row.appendChild(th);
    cell(row, String(s.n), "Aantal", true).className = "num wz-n";
    cell(row, s.mediaan, "Mediaan", true).className = "num wz-mediaan";
    cell(row, s.spreiding, "Spreiding", true).className = "num wz-spreiding";
    const verdeling = cell(row, "", "Verdeling", false);
    const bars = document.createElement("div");
    bars.className = "wz-verdeling";
    const most = Math.max(1, ...s.verdeling);
    const labels = Object.keys(state.schaal);
    s.verdeling.forEach(function (count, i) {
      const bar = document.createElement("span");
      bar.style.height = (0.3 + 1.9 * count / most) + "rem";
      bar.textContent = String(count);
      bar.title = labels[i] + " (" + state.schaal[labels[i]] + "): " + count;
      bars.appendChild(bar);
    });
    bars.setAttribute("aria-label", s.verdeling.map(function (count, i) {
      return "score " + labels[i] + ": " + count;
    }).join(", "));
    bars.setAttribute("role", "img");
    verdeling.appendChild(bars);
    return row;
  });
  overzicht.querySelector("tbody").replaceChildren(...rows);
}

async function refresh() {
  try {
    const response = await fetch(overzicht.dataset.bron, {credentials: "same-origin", cache: "no-store"});
    if (response.ok) render(await response.json());
  } catch (e) { /* the next refresh tries again */ }
}

if (overzicht) {
  refresh();
  setInterval(refresh, 2000);
}

// the bod-ronde: the fair share of each municipality under the chosen key and group, and the difference, live
function parseDutch(text) {
  const clean = String(text).trim().replace(/\s/g, "").replace(/\./g, "").replace(",", ".");
  if (clean === "" || !/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

function formatDutch(value, sign) {
  const text = value.toLocaleString("nl-NL", {minimumFractionDigits: 1, maximumFractionDigits: 1});
  return (sign && value > 0.05 ? "+" : "") + text;
}

const bod = document.getElementById("wz-bod");
if (bod) {
  const delen = JSON.parse(bod.dataset.delen);
  const sleutel = bod.querySelector("#wz-sleutel");
  const groep = bod.querySelector("#wz-groep-aandacht");
  const update = function () {
    const shares = delen[sleutel.value][groep.value];
    let bidTotal = 0, shareTotal = 0, complete = true;
    bod.querySelectorAll("tbody tr").forEach(function (row) {
      const share = shares[row.dataset.gemeente];
      const bid = parseDutch(row.querySelector("input").value);
      shareTotal += share;
      row.querySelector(".wz-deel").textContent = formatDutch(share, false);
      row.querySelector(".wz-verschil").textContent = bid === null ? "" : formatDutch(bid - share, true);
      if (bid === null) { complete = false; } else { bidTotal += bid; }
    });
    document.getElementById("wz-deel-totaal").textContent = formatDutch(shareTotal, false);
    document.getElementById("wz-bod-totaal").textContent = complete ? formatDutch(bidTotal, false) : "";
    document.getElementById("wz-verschil-totaal").textContent = complete ? formatDutch(bidTotal - shareTotal, true) : "";
  };
  bod.addEventListener("input", update);
  bod.addEventListener("change", update);
  update();
  bod.addEventListener("submit", async function (event) {
    event.preventDefault();
    const biedingen = {};
    bod.querySelectorAll("input[data-bod]").forEach(function (field) { biedingen[field.dataset.bod] = field.value; });
    const answer = await send(bod.dataset.actie, {
      verdeelsleutel: sleutel.value, aandachtsgroep: groep.value, biedingen: biedingen,
      groep: bod.querySelector("#wz-wie").value, datum: bod.querySelector("#wz-bod-datum").value,
    });
    const melding = document.getElementById("wz-bod-melding");
    say(melding, answer.bericht || answer.fout, Boolean(answer.bericht));
    melding.focus();
  });
}

// an own figure: the form's fields as they are, checked on the server by the data request's rules
const cijfer = document.getElementById("wz-cijfer");
if (cijfer) {
  const wat = cijfer.querySelector("#wz-wat");
  wat.addEventListener("change", function () {
    const option = wat.selectedOptions[0];
    if (option && option.dataset.voorbeeld) cijfer.querySelector("#wz-periode").placeholder = option.dataset.voorbeeld;
  });
  cijfer.addEventListener("submit", async function (event) {
    event.preventDefault();
    const values = {};
    cijfer.querySelectorAll("[name]").forEach(function (field) { values[field.name] = field.value; });
    const melding = document.getElementById("wz-cijfer-melding");
    if (!values.cijfer) return say(melding, "Kies eerst welk cijfer u invoert.", false);
    const answer = await send(cijfer.dataset.actie, values);
    say(melding, answer.bericht || answer.fout, Boolean(answer.bericht));
    melding.focus();
  });
}

// a form sent as it is (its named fields and the button that sent it): the notes and their corrections
document.querySelectorAll("form.wz-json").forEach(function (form) {
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const values = {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (f) { values[f.name] = f.value; });
    if (event.submitter && event.submitter.name) values[event.submitter.name] = event.submitter.value;
    const melding = form.querySelector(".wz-melding");
    const answer = await send(form.dataset.actie, values);
    say(melding, answer.bericht || answer.fout, Boolean(answer.bericht));
    melding.focus();
  });
});
