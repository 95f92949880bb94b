/* Host script for the standalone situation map, pasted (compacted) after the
 * iframe in a newsroom's page by sitmap.export.embed.embed_snippet.
 *
 * It sizes every <iframe data-sitmap> to the map's content. The map greets
 * its parent with {type: "sitmap:hello"}; this answers {type: "sitmap:autosize"},
 * and on its own load asks every such frame too (a frame may load first).
 * The map then reports {type: "sitmap:height", height: px} on every change.
 * Only messages from one of those frames' windows are read, a height must be
 * a finite number and is kept within 100..20000 px, and nothing in a message
 * is ever treated as HTML. Without this script each frame keeps its fixed
 * height and the map its embed layout.
 *
 * Compaction only drops comments and the spaces between tokens (see
 * host_script() in embed.py): no regular expressions, no division, no
 * template strings, and only double-quoted strings here.
 */
(function () {
  function frames() { return [].slice.call(document.querySelectorAll("iframe[data-sitmap]")); }
  function ask(frame) { frame.contentWindow.postMessage({ type: "sitmap:autosize" }, "*"); }
  addEventListener("message", function (e) {
    var d = e.data, frame = frames().filter(function (f) { return f.contentWindow === e.source; })[0];
    if (!frame || !d || typeof d != "object") return;
    if (d.type == "sitmap:hello") ask(frame);
    if (d.type == "sitmap:height" && typeof d.height == "number" && isFinite(d.height)) {
      frame.style.height = Math.round(Math.min(20000, Math.max(100, d.height))) + "px";
    }
  });
  frames().forEach(ask);
})();
