/// The preview's own stylesheet and script, served from `/preview.css` and `/preview.js` so
/// the pages' Content-Security-Policy can forbid inline script.
enum PreviewAssets {
    /// The Content-Security-Policy of the preview's own pages.
    static let pagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; "
        + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The Content-Security-Policy of a message's HTML: no script, no plugin, no form; only
    /// inline styles and images, as a careful mail client allows.
    static let messagePolicy =
        "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; "
        + "img-src https: http: data:; font-src https: data:; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'self'"

    /// Polls `/version` and reloads when the build changed; sizes the message frame to its
    /// content (the frame is same-origin but may not run script itself); follows the reader
    /// picker; measures the phone-width frames (``PhoneFit``) and writes their verdicts.
    static let script = """
        "use strict";
        (function () {
          var version = document.documentElement.getAttribute("data-version");
          function poll() {
            fetch("/version", { cache: "no-store" })
              .then(function (response) { return response.text(); })
              .then(function (text) { if (text.trim() !== version) { location.reload(); } })
              .catch(function () {})
              .finally(function () { setTimeout(poll, 400); });
          }
          setTimeout(poll, 400);
          function fit(frame) {
            try {
              var root = frame.contentDocument && frame.contentDocument.documentElement;
              if (!root) { return; }
              frame.style.height = "40px";  // shrink first: a tall frame would only measure itself
              frame.style.height = (root.scrollHeight + 2) + "px";
            } catch (e) {}
          }
          function loaded(frame) {
            try {
              return frame.contentWindow.location.href !== "about:blank" &&
                frame.contentDocument.readyState === "complete";
            } catch (e) { return false; }
          }
          var frames = document.querySelectorAll("iframe.message");
          Array.prototype.forEach.call(frames, function (frame) {
            frame.addEventListener("load", function () { fit(frame); });
            if (loaded(frame)) { fit(frame); }
          });

          // The reader picker opens the chosen reader's message.
          var picker = document.querySelector("select[data-picker]");
          if (picker) {
            picker.addEventListener("change", function () { if (picker.value) { location.href = picker.value; } });
          }

          // The phone-width check: does the HTML part scroll sideways in a frame 375 px wide?
          function clip(text, most) { return text.length > most ? text.slice(0, most - 1) + "…" : text; }
          function describe(element) {
            var words = "<" + element.tagName.toLowerCase() + ">";
            var link = element.getAttribute("src") || element.getAttribute("href");
            if (link) { words += " " + clip(link, 60); }
            var text = (element.textContent || "").replace(/\\s+/g, " ").trim();
            if (text) { words += " “" + clip(text, 40) + "”"; }
            return words;
          }
          function measure(frame) {
            var list = document.getElementById("phone-fit");
            var verdict = list && list.querySelector('li[data-probe="' + frame.getAttribute("data-probe") + '"]');
            var root;
            try { root = frame.contentDocument.documentElement; } catch (e) { return; }
            if (!verdict || !root) { return; }
            var width = parseInt(list.getAttribute("data-width"), 10);
            var visible = root.clientWidth;
            var scrolled = root.scrollWidth;
            var words = verdict.querySelector(".verdict");
            verdict.setAttribute("data-scroll-width", String(scrolled));
            verdict.setAttribute("data-client-width", String(visible));
            if (scrolled <= visible) {
              verdict.setAttribute("data-state", "fits");
              words.textContent = "fits (" + scrolled + " px of " + width + ").";
              return;
            }
            var widest = null;
            var right = visible;
            Array.prototype.forEach.call(root.querySelectorAll("body *"), function (element) {
              var box = element.getBoundingClientRect();
              if (box.width > 0 && box.right >= right) { right = box.right; widest = element; }
            });
            verdict.setAttribute("data-state", "overflows");
            words.textContent = "⚠ overflows: the page is " + scrolled + " px wide, " + (scrolled - visible) +
              " px more than the screen, so the reader scrolls sideways" +
              (widest ? "; the widest element is " + describe(widest) : "") + ".";
          }
          var probes = document.querySelectorAll("iframe.probe");
          Array.prototype.forEach.call(probes, function (frame) {
            frame.addEventListener("load", function () { measure(frame); });
            if (loaded(frame)) { measure(frame); }
          });
        })();
        """

    /// The preview's look: a quiet frame around the message, light or dark with the system.
    static let stylesheet = """
        :root { color-scheme: light dark; --bg: #f6f7f9; --fg: #1d2125; --muted: #5c6670; --line: #d9dde2;
          --panel: #ffffff; --accent: #0b5cad; --bad: #b3261e; --bad-bg: #fdecea; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #15181c; --fg: #e6e9ec; --muted: #a0a9b3; --line: #343a41; --panel: #1e2227;
            --accent: #8cb8ff; --bad: #ffb4ab; --bad-bg: #3b1a17; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        a { color: var(--accent); }
        header.bar { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: baseline; padding: 12px 24px;
          background: var(--panel); border-bottom: 1px solid var(--line); }
        header.bar .brand { font-weight: 700; }
        header.bar .where { color: var(--muted); font-size: 13px; }
        main { max-width: 1100px; margin: 0 auto; padding: 20px 24px 48px; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .muted { color: var(--muted); }
        table.list { width: 100%; border-collapse: collapse; background: var(--panel); border: 1px solid var(--line); }
        table.list th, table.list td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); }
        table.list th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        table.list td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .toggle { display: inline-flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
        .toggle a { padding: 3px 12px; text-decoration: none; color: var(--fg); }
        .toggle a[aria-current="true"] { background: var(--accent); color: var(--panel); }
        .stage { padding: 16px; background: #e4e7eb; border: 1px solid var(--line); border-radius: 8px;
          overflow-x: auto; }
        @media (prefers-color-scheme: dark) { .stage { background: #0d0f12; } }
        iframe.message { display: block; margin: 0 auto; width: 100%; max-width: 760px; height: 80vh;
          border: 0; background: #ffffff; box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
        .phone iframe.message { width: 375px; max-width: 375px; border-radius: 18px; }
        .textpart { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
          padding: 12px 16px; }
        pre { margin: 0; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
          tab-size: 8; }
        pre.ruler { color: var(--muted); border-bottom: 1px dashed var(--line); padding-bottom: 2px;
          margin-bottom: 6px; user-select: none; }
        pre.text, pre.ruler { width: 72ch; min-width: 72ch; white-space: pre; }
        pre.text { background: linear-gradient(to right, transparent 72ch, var(--bad-bg) 72ch); }
        .over { color: var(--bad); }
        pre.source { white-space: pre-wrap; word-break: break-all; background: var(--panel);
          border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; max-height: 60vh; overflow: auto; }
        dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
        dl.headers dt { font-weight: 600; color: var(--muted); }
        dl.headers dd { margin: 0; overflow-wrap: anywhere; }
        details summary { cursor: pointer; color: var(--accent); }
        .problem { background: var(--bad-bg); color: var(--fg); border: 1px solid var(--bad); border-radius: 8px;
          padding: 12px 16px; margin: 0 0 20px; }
        .problem h2 { margin: 0 0 6px; border: 0; color: var(--bad); }
        .problem code { font-weight: 600; }
        .warnings { font-size: 13px; }
        .notice { background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--accent);
          border-radius: 8px; padding: 10px 16px; margin: 0 0 16px; }
        .notice h2 { margin: 0 0 4px; border: 0; font-size: 15px; }
        .notice ul { margin: 0; padding-left: 20px; }
        .size.clipped, .fit li[data-state="overflows"], td.clipped { color: var(--bad); font-weight: 600; }
        .size.over-budget, td.over-budget { color: var(--bad); }
        .fit { margin: 0 0 12px; padding-left: 20px; font-size: 14px; }
        .fit li[data-state="fits"] .verdict { color: var(--muted); }
        .probes { position: absolute; left: -10000px; top: 0; width: 375px; overflow: hidden; }
        .probes iframe { display: block; width: 375px; height: 700px; border: 0; }
        nav.picker { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 8px 0 12px; }
        nav.picker select { max-width: 100%; font: inherit; padding: 3px 6px; }
        ul.absent { padding-left: 20px; }
        """
}
