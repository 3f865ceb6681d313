// Suggestions by name under every input with data-lookup (the search box on every page, and
// the IRI parameters of the canned queries): as one types, /search.json is asked for the
// entities whose names match, in any script and spelling. data-fill="go" opens the chosen
// entity's page; data-fill="iri" puts its IRI into the input (and its name beside it), so a
// canned query is run by name instead of by raw IRI. Plain JavaScript, no dependencies, no
// inline script (the Content-Security-Policy allows this file only).
(function () {
  "use strict";
  var RTL = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];
  var lang = document.documentElement.getAttribute("lang") || "en";
  var counter = 0;

  function direction(tag) {
    return tag && RTL.indexOf(String(tag).split("-")[0].toLowerCase()) >= 0 ? "rtl" : "ltr";
  }

  // lang and dir of a text from its language tag; dir="auto" only when it has none
  function tagged(tag, attrs) {
    attrs = attrs || {};
    if (tag) { attrs.lang = tag; attrs.dir = direction(tag); } else { attrs.dir = "auto"; }
    return attrs;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function looksLikeIri(value) { return /^\s*<?[A-Za-z][A-Za-z0-9+.-]*:/.test(value); }

  function attach(input) {
    var id = "suggestions-" + (++counter);
    var list = el("ul", {"class": "suggestions", role: "listbox", id: id, hidden: ""});
    var holder = input.parentNode;
    holder.classList.add("has-suggestions");
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-expanded", "false");
    var timer = null, asked = "", active = -1, items = [];

    function close() {
      list.hidden = true; list.textContent = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(result) {
      if (input.getAttribute("data-fill") === "iri") {
        input.value = result.iri;
        var chosen = document.getElementById(input.getAttribute("aria-describedby") || "");
        if (chosen) {
          chosen.textContent = "= ";
          chosen.appendChild(el("span", tagged(result.lang), result.label));
        }
        close();
      } else {
        window.location.href = result.href;
      }
    }

    function highlight(n) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === n ? "true" : "false"); });
      active = n;
      if (n >= 0) { input.setAttribute("aria-activedescendant", items[n].id); }
    }

    function show(results) {
      list.textContent = ""; items = []; active = -1;
      results.forEach(function (r, i) {
        var li = el("li", {role: "option", id: id + "-" + i, "aria-selected": "false",
                           "data-iri": r.iri});
        li.appendChild(el("span", tagged(r.lang, {"class": "name"}), r.label));
        li.appendChild(el("small", {"class": "kind"}, r.kind_label));
        if (r.matched) {
          li.appendChild(el("small", tagged(r.matched_lang, {"class": "matched"}), r.matched));
        }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(r); });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      list._results = results;
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2 || looksLikeIri(text)) { close(); return; }
      if (text === asked) { return; }
      asked = text;
      var url = input.getAttribute("data-lookup") + "?limit=8&lang=" + encodeURIComponent(lang) +
                "&q=" + encodeURIComponent(text);
      var kind = input.getAttribute("data-kind");
      if (kind) { url += "&kind=" + encodeURIComponent(kind); }
      fetch(url, {headers: {"Accept": "application/json"}}).then(function (response) {
        return response.ok ? response.json() : {results: []};
      }).then(function (data) {
        if (input.value.trim() === text) { show(data.results || []); }
      }).catch(close);
    }

    input.addEventListener("input", function () {
      asked = asked === input.value.trim() ? asked : "";
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden || !items.length) { return; }
      if (ev.key === "ArrowDown") { ev.preventDefault(); highlight((active + 1) % items.length); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); choose(list._results[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-lookup]"), attach);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
