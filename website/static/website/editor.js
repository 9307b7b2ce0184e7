// An optional toolbar over the rich-text textareas: each button wraps the selection in a tag.
// The page works without it; whatever is typed is sanitized on the server (nh3) anyway.
(function () {
  "use strict";
  var buttons = [["p", "¶"], ["h2", "H2"], ["strong", "B"], ["em", "I"], ["ul", "• listă"], ["a", "link"]];
  function wrap(area, tag) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value.slice(start, end);
    var open = "<" + tag + ">", close = "</" + tag + ">";
    if (tag === "ul") { open = "<ul>\n<li>"; close = "</li>\n</ul>"; }
    if (tag === "a") {
      var href = window.prompt("Adresa (https://…)", "https://");
      if (!href || !/^(https?:|mailto:|tel:|\/)/.test(href)) { return; }
      open = '<a href="' + href.replace(/"/g, "%22") + '">';
    }
    area.setRangeText(open + text + close, start, end, "end");
    area.focus();
  }
  document.querySelectorAll("textarea[data-editor]").forEach(function (area) {
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatare");
    buttons.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item[1];
      button.setAttribute("aria-label", "<" + item[0] + ">");
      button.addEventListener("click", function () { wrap(area, item[0]); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  });
})();
