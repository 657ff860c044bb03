/* newsaudit report page: hover/focus cards, layer toggles, score links, exports.
   Everything the article or its metadata says is put into the page with textContent, never as markup. */
(function () {
  "use strict";
  var node = document.getElementById("report-data");
  if (!node) { return; }
  var report = JSON.parse(node.textContent);
  var article = document.getElementById("article");
  var card = document.getElementById("card");
  var TYPES = {named_person: "named person", named_organization: "named organisation", media_outlet: "media outlet",
    document: "document", unnamed_official: "unnamed official", anonymous: "anonymous source"};
  var byId = {};
  report.attributions.forEach(function (a) { byId[a.id] = a; });
  var denials = {};
  report.denials.forEach(function (d) { denials[d.id] = d; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function line(box, key, value) {
    var p = el("p");
    p.appendChild(el("span", key + ": ", "k"));
    p.appendChild(document.createTextNode(String(value)));
    box.appendChild(p);
  }
  function who(a) {
    var s = a.source;
    return s.name && s.name.toLowerCase() !== s.text.toLowerCase() ? s.text + " (= " + s.name + ")" : s.text;
  }
  function chain(id) {
    var links = [], seen = {};
    while (id && byId[id] && !seen[id]) {
      seen[id] = true;
      links.push(who(byId[id]) + " (" + (TYPES[byId[id].source.type] || byId[id].source.type) + ")");
      id = byId[id].parent;
    }
    return links.join(" \u2190 relayed by ");
  }
  function score(v) { return v === null || v === undefined ? "\u2014" : Number(v).toFixed(2); }

  function describe(ref, box) {
    var a = byId[ref];
    if (a) {
      box.appendChild(el("h4", "Source " + a.id + ": " + (TYPES[a.source.type] || a.source.type)));
      line(box, "Source type", TYPES[a.source.type] || a.source.type);
      line(box, "Full name", a.source.name || a.source.text);
      line(box, "Cue", a.cue ? a.cue.text : "\u2014");
      if (a.parent) { line(box, "Relay chain", chain(a.id)); }
      line(box, "Says", a.content.text);
      return;
    }
    var d = denials[ref];
    if (d) {
      box.appendChild(el("h4", "Denial " + d.id));
      line(box, "Denied by", d.source && byId[d.source] ? who(byId[d.source]) : "the article");
      line(box, "Answers the claim", d.target && byId[d.target] ? byId[d.target].content.text : "\u2014");
      return;
    }
    var kind = ref.charAt(0), i = Number(ref.slice(1));
    if (kind === "t" && report.techniques[i]) {
      var t = report.techniques[i];
      box.appendChild(el("h4", "Technique: " + t.label.replace(/_/g, " ")));
      line(box, "What it means", t.explanation || "\u2014");
      line(box, "Confidence", score(t.score));
    } else if (kind === "h" && report.hedges[i]) {
      box.appendChild(el("h4", "Hedge"));
      line(box, "Wording", report.hedges[i].text);
    }
  }
  function show(target) {
    var refs = (target.getAttribute("data-refs") || "").split(" ").filter(function (r) { return r && r.charAt(0) !== "r"; });
    if (!refs.length || !card) { return; }
    card.textContent = "";
    refs.forEach(function (r) { describe(r, card); });
    card.hidden = false;
    var box = target.getBoundingClientRect();
    card.style.left = Math.max(4, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 4)) + "px";
    card.style.top = (window.scrollY + box.bottom + 6) + "px";
    target.setAttribute("aria-describedby", "card");
  }
  function hide() { if (card) { card.hidden = true; } }

  if (article) {
    article.addEventListener("mouseover", function (e) { var t = e.target.closest("[data-refs]"); if (t) { show(t); } });
    article.addEventListener("mouseleave", hide);
    article.addEventListener("focusin", function (e) { var t = e.target.closest("[data-refs]"); if (t) { show(t); } });
    article.addEventListener("focusout", hide);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-layer]"), function (box) {
    box.addEventListener("change", function () { article.classList.toggle("off-" + box.getAttribute("data-layer"), !box.checked); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("a[data-reason]"), function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var ref = link.getAttribute("data-reason");
      Array.prototype.forEach.call(article.querySelectorAll(".flash"), function (n) { n.classList.remove("flash"); });
      var hits = Array.prototype.filter.call(article.querySelectorAll("[data-refs]"), function (n) {
        return n.getAttribute("data-refs").split(" ").indexOf(ref) >= 0;
      });
      hits.forEach(function (n) { n.classList.add("flash"); });
      if (hits.length) {
        if (!hits[0].hasAttribute("tabindex")) { hits[0].setAttribute("tabindex", "-1"); }
        hits[0].scrollIntoView({block: "center"});
        hits[0].focus({preventScroll: true});
      }
    });
  });
  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: type}));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function csvCell(v) {
    v = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }  // a spreadsheet must show it, not evaluate it
    return /[",\n\r]/.test(v) ? "\"" + v.replace(/"/g, "\"\"") + "\"" : v;
  }
  function ledgerCsv() {
    var rows = [["id", "source_type", "source", "source_name", "cue", "content", "parent"]];
    report.attributions.forEach(function (a) {
      rows.push([a.id, a.source.type, a.source.text, a.source.name, a.cue ? a.cue.text : "", a.content.text, a.parent]);
    });
    return rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-action]"), function (b) {
    b.addEventListener("click", function () {
      var what = b.getAttribute("data-action");
      if (what === "print") { window.print(); }
      if (what === "json") { download("report.json", "application/json", JSON.stringify(report, null, 2)); }
      if (what === "csv") { download("ledger.csv", "text/csv", ledgerCsv()); }
    });
  });
})();
