// The query page: run SPARQL against /sparql, show the answer as a table, offer downloads.
// Our resources in the table are then named by their labels in the reader's language
// (statements by their words), fetched from /labels.json; the IRI stays in the title.
// Plain JavaScript, no dependencies; works offline. Texts come from the page's message
// catalogue (data-messages, api/messages/*.toml); no inline script, so the page's
// Content-Security-Policy allows this file only.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var editor = document.getElementById("query");
  var gutter = document.getElementById("gutter");
  var examples = document.getElementById("examples");
  var statusBox = document.getElementById("status");
  var results = document.getElementById("results");
  var downloads = document.getElementById("downloads");
  var endpoint = form.getAttribute("data-endpoint");
  var idBase = form.getAttribute("data-id-base");
  var labelsUrl = form.getAttribute("data-labels");
  var formats = JSON.parse(form.getAttribute("data-formats"));
  var messages = JSON.parse(form.getAttribute("data-messages") || "{}");
  var ID_NS = "https://w3id.org/seckg/id/";
  var RTL = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(messages.lang || "en") : null;

  // A message with {name} placeholders filled; a counted one takes its CLDR plural form.
  function say(key, values) {
    var text = messages[key];
    if (text && typeof text === "object") {
      var category = plurals ? plurals.select(values.n) : (values.n === 1 ? "one" : "other");
      text = text[category] || text.other || text.many || "";
    }
    return String(text || key).replace(/\{(\w+)\}/g, function (m, name) {
      return values && values[name] !== undefined ? String(values[name]) : m;
    });
  }

  // Direction of a language tag: "rtl" for Arabic and other right-to-left scripts.
  function direction(tag) {
    return RTL.indexOf(String(tag).split("-")[0].toLowerCase()) >= 0 ? "rtl" : "ltr";
  }

  // Only http(s) addresses become links (as api/links.py decides for the pages).
  function linkable(iri) {
    return /^https?:\/\/[^\/\s]/i.test(iri) && !/[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(iri);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function renumber() {
    var n = editor.value.split("\n").length, out = [];
    for (var i = 1; i <= n; i++) { out.push(i); }
    gutter.textContent = out.join("\n");
    gutter.scrollTop = editor.scrollTop;
  }

  function shortIri(iri) {
    if (iri.indexOf(ID_NS) === 0) { return iri.slice(ID_NS.length); }
    var cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut > 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  }

  // One RDF term (SPARQL JSON results shape) as a table cell's content.
  function termNode(t) {
    if (!t) { return document.createTextNode(""); }
    if (t.type === "uri") {
      var local = t.value.indexOf(ID_NS) === 0;
      if (!local && !linkable(t.value)) {
        return el("span", {"class": "nolink", title: t.value, dir: "ltr"}, shortIri(t.value));
      }
      var a = el("a", {href: local ? idBase + t.value.slice(ID_NS.length) : t.value,
                       title: t.value, dir: "auto"}, shortIri(t.value));
      if (!local) { a.className = "ext"; } else { a.setAttribute("data-iri", t.value); }
      return a;
    }
    if (t.type === "bnode") { return el("span", {"class": "bnode", dir: "ltr"}, "_:" + t.value); }
    var span = el("span", {"class": "lit", dir: "auto"}, t.value);
    if (t["xml:lang"]) {
      span.setAttribute("lang", t["xml:lang"]);
      span.setAttribute("dir", direction(t["xml:lang"]));
    }
    var frag = document.createDocumentFragment();
    frag.appendChild(span);
    if (t["xml:lang"]) { frag.appendChild(el("small", {"class": "tag"}, "@" + t["xml:lang"])); }
    return frag;
  }

  // Each of our resources in the table by its label (a statement by its words), in the
  // reader's language, with that label's lang and dir.
  function label(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll("a[data-iri]"));
    var iris = [];
    links.forEach(function (a) {
      var iri = a.getAttribute("data-iri");
      if (iris.indexOf(iri) < 0 && iris.length < 500) { iris.push(iri); }
    });
    if (!iris.length || !labelsUrl) { return; }
    fetch(labelsUrl + "?lang=" + encodeURIComponent(messages.lang || "en"), {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({iris: iris})
    }).then(function (response) {
      return response.ok ? response.json() : {labels: {}};
    }).then(function (data) {
      links.forEach(function (a) {
        var found = data.labels[a.getAttribute("data-iri")];
        if (!found) { return; }
        a.textContent = found.label;
        if (found.lang) { a.setAttribute("lang", found.lang); a.setAttribute("dir", direction(found.lang)); }
        a.classList.add("labelled");
      });
      results.classList.add("labelled");
    }).catch(function () {});
  }

  function table(vars, rows) {
    var tbl = el("table", {"class": "results-table"});
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", {}, v)); });
    tbl.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr");
      vars.forEach(function (v) {
        var td = tr.appendChild(el("td")), tag = row[v] && row[v]["xml:lang"];
        if (tag) { td.setAttribute("lang", tag); td.setAttribute("dir", direction(tag)); }
        td.appendChild(termNode(row[v]));
      });
      body.appendChild(tr);
    });
    tbl.appendChild(body);
    return tbl;
  }

  // N-Triples (one triple per line) into rows of SPARQL-JSON-like terms.
  function unescapeNt(s) {
    return s.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (m, u4, u8, c) {
      if (u4 || u8) { return String.fromCodePoint(parseInt(u4 || u8, 16)); }
      return {n: "\n", t: "\t", r: "\r", b: "\b", f: "\f"}[c] || c;
    });
  }
  var NT_TERM = /^(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)\s*/;
  function parseNTriples(text) {
    var rows = [];
    text.split("\n").forEach(function (line) {
      line = line.trim();
      if (!line || line[0] === "#") { return; }
      var row = {}, names = ["subject", "predicate", "object"];
      for (var i = 0; i < 3; i++) {
        var m = NT_TERM.exec(line);
        if (!m) { return; }
        if (m[1] !== undefined) { row[names[i]] = {type: "uri", value: m[1]}; }
        else if (m[2] !== undefined) { row[names[i]] = {type: "bnode", value: m[2]}; }
        else {
          row[names[i]] = {type: "literal", value: unescapeNt(m[3])};
          if (m[4]) { row[names[i]]["xml:lang"] = m[4]; }
        }
        line = line.slice(m[0].length);
      }
      rows.push(row);
    });
    return rows;
  }

  function showDownloads(kind, query) {
    downloads.textContent = "";
    downloads.appendChild(el("span", {"class": "label"}, say("download")));
    formats[kind].forEach(function (f) {
      var url = endpoint + "?query=" + encodeURIComponent(query) + "&format=" + f.name;
      downloads.appendChild(el("a", {href: url, download: "answer." + f.ext, "class": "fmt"}, f.name));
    });
    downloads.hidden = false;
  }

  function setStatus(text, isError) {
    statusBox.textContent = text;
    statusBox.className = "status" + (isError ? " error" : "");
  }

  function run() {
    var query = editor.value;
    var url = new URL(window.location.href);
    url.searchParams.set("query", query);
    window.history.replaceState(null, "", url.toString());
    setStatus(say("running"));
    results.textContent = "";
    results.classList.remove("labelled");
    downloads.hidden = true;
    var started = performance.now();
    fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
      body: "query=" + encodeURIComponent(query)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (body) {
        if (!response.ok) {
          var detail = body;
          try { var e = JSON.parse(body).error; detail = e.title + ": " + e.detail; } catch (ignored) {}
          throw new Error(detail || ("HTTP " + response.status));
        }
        var ms = Math.round(performance.now() - started);
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(body);
          if (typeof data.boolean === "boolean") {
            setStatus(say("answer", {value: data.boolean, ms: ms}));
            results.appendChild(el("p", {"class": "boolean"}, String(data.boolean)));
          } else {
            var rows = data.results.bindings;
            setStatus(say("rows", {n: rows.length, ms: ms}));
            results.appendChild(table(data.head.vars, rows));
            label(results);
          }
          showDownloads("results", query);
        } else {
          var triples = parseNTriples(body);
          setStatus(say("triples", {n: triples.length, ms: ms}));
          results.appendChild(table(["subject", "predicate", "object"], triples));
          label(results);
          showDownloads("rdf", query);
        }
      });
    }).catch(function (err) { setStatus(err.message, true); });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  editor.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); run(); }
  });
  editor.addEventListener("input", renumber);
  editor.addEventListener("scroll", function () { gutter.scrollTop = editor.scrollTop; });
  examples.addEventListener("change", function () {
    var source = document.getElementById("example-" + examples.value);
    if (source) { editor.value = source.value; renumber(); }
  });
  renumber();
  if (form.hasAttribute("data-autorun")) { run(); }
})();
