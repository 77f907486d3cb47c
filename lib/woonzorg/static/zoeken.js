/* Zoeken in de handreikingen: zoekt in window.WZ_ZOEKINDEX (assets/zoekindex.js), zonder server of
   verzoek naar buiten. Tekst komt alleen als tekst in de pagina (textContent), nooit als HTML.
   Het formulier zegt waar de site begint (data-wz-basis: "", "../" of "../../") en in welke regio de
   lezer is (data-wz-regio): resultaten uit die regio komen eerst; een keuzelijst beperkt tot één regio;
   steeds 25 resultaten, met een knop voor de volgende 25. */
(function () {
  "use strict";
  var form = document.getElementById("wz-zoeken");
  if (!form) return;
  var PAGE = 25;
  var basis = form.getAttribute("data-wz-basis") || "";
  var hier = form.getAttribute("data-wz-regio") || "";
  var input = document.getElementById("wz-zoekterm");
  var filter = document.getElementById("wz-zoekregio");
  var status = document.getElementById("wz-zoekstatus");
  var list = document.getElementById("wz-zoekresultaten");
  var more = document.getElementById("wz-zoekmeer");
  var index = window.WZ_ZOEKINDEX || [];
  var regios = window.WZ_REGIOS || [];
  if (filter) {
    regios.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r[0];
      option.textContent = r[1];
      filter.appendChild(option);
    });
  }
  function plain(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var prepared = index.map(function (e) {
    return { e: e, titel: plain(e.t), kop: plain(e.t + " " + e.k), tekst: plain(e.x) };
  });
  var hits = [], shown = 0, words = [];
  function snippet(text, word) {
    var at = plain(text).indexOf(word);
    if (at < 0) return text.slice(0, 160);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "… " : "") + text.slice(start, start + 180) + (start + 180 < text.length ? " …" : "");
  }
  function showNext() {
    hits.slice(shown, shown + PAGE).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = basis + h.p.e.u;
      a.textContent = h.p.e.t + (h.p.e.k ? " — " + h.p.e.k : "");
      var p = document.createElement("p");
      p.textContent = snippet(h.p.e.x, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    shown = Math.min(hits.length, shown + PAGE);
    if (more) more.hidden = shown >= hits.length;
    status.textContent = hits.length === 0 ? "Geen resultaten." :
      hits.length + (hits.length === 1 ? " resultaat" : " resultaten") +
      (shown < hits.length ? "; de eerste " + shown + " staan hieronder." : ".");
  }
  function search() {
    words = plain(input.value).split(/\s+/).filter(function (w) { return w.length > 1; });
    var regio = filter ? filter.value : "";
    while (list.firstChild) list.removeChild(list.firstChild);
    hits = [];
    shown = 0;
    if (more) more.hidden = true;
    if (!words.length) { status.textContent = ""; return; }
    prepared.forEach(function (p, order) {
      if (regio && p.e.r !== regio) return;
      var score = 0, named = true;
      for (var i = 0; i < words.length; i++) {
        var inHead = p.kop.indexOf(words[i]) >= 0, inText = p.tekst.indexOf(words[i]) >= 0;
        if (!inHead && !inText) return;
        score += (inHead ? 3 : 0) + (inText ? 1 : 0);
        named = named && p.titel.indexOf(words[i]) >= 0;
      }
      hits.push({ p: p, score: score, named: named ? 1 : 0, eigen: hier && p.e.r === hier ? 1 : 0, order: order });
    });
    // a page the words name (Heerlen's own page for "Heerlen") first, then the reader's own region,
    // then the best match, then the order of the site (the guides before the municipality pages)
    hits.sort(function (a, b) {
      return (b.named - a.named) || (b.eigen - a.eigen) || (b.score - a.score) || (a.order - b.order);
    });
    showNext();
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", search);
  if (filter) filter.addEventListener("change", search);
  if (more) more.addEventListener("click", function () { showNext(); });
})();
