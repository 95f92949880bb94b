/* The situation map's browser code: layers, legend, evidence panel and the
 * link between them. It runs the same inside Streamlit (streamlit-folium's
 * iframe) and in a standalone HTML file.
 *
 * Rule: text from sources and metadata only ever enters the DOM through
 * text nodes (el(), textContent). Nothing here assigns data to innerHTML.
 */
var Sitmap = (function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var state = {
    map: null,
    data: null,
    groups: Object.create(null),     // layer id -> L.FeatureGroup
    features: Object.create(null),   // feature id -> {layerId, symbol, extents, colour, props}
    selected: null,
    measureLine: null,
    panel: null,
    body: null,
    sentenceEls: Object.create(null), // "source:i" -> element
    sea: "#dfe9ef",
    standalone: false,   // the published file: its own address, its own layout
    framed: false,       // inside someone else's page
    autosize: false,     // the host page's script sizes the frame to our content
    useHash: false,      // the view was opened from #feature=…: keep the state in the hash
    keepView: false,     // the reader moved or zoomed (or the link named a view): write view=
    automaticMoves: 0    // > 0 while the code itself moves the map
  };

  /* ---------- small DOM helpers ---------- */

  // Keys from the address bar ("__proto__", "constructor") must never reach
  // an object's prototype: look data up by own property only.
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "className") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    for (var i = 2; i < arguments.length; i++) node.appendChild(arguments[i]);
    return node;
  }

  /* ---------- encodings ---------- */

  // Shape = stance, fill = status, colour = layer. Claimed symbols are hollow,
  // the way ISW draws "claimed" apart from "assessed".
  function symbol(stance, status, colour, size, role) {
    size = size || 22;
    if (role === "reference") {
      // A place a source names: a ringed dot, like a city on a locator map. Not a claim, so no stance or status.
      return svg("svg", { width: size, height: size, viewBox: "0 0 22 22", "aria-hidden": "true" },
        svg("circle", { cx: 11, cy: 11, r: 6.5, fill: "#ffffff", stroke: "#333333", "stroke-width": 1.6 }),
        svg("circle", { cx: 11, cy: 11, r: 3, fill: "#333333" }));
    }
    var fill = status === "confirmed" ? colour : "#ffffff";
    var stroke = { stroke: colour, "stroke-width": 2.6, fill: fill, "stroke-linejoin": "round" };
    var shape;
    if (stance === "warned") {
      shape = svg("polygon", Object.assign({ points: "11,2.5 20,19 2,19" }, stroke));
    } else if (stance === "denied") {
      shape = svg("g", {},
        svg("circle", Object.assign({}, stroke, { cx: 11, cy: 11, r: 8.5, fill: "#ffffff" })),
        svg("path", { d: "M6.5 6.5 L15.5 15.5 M15.5 6.5 L6.5 15.5", stroke: colour, "stroke-width": 2.6, "stroke-linecap": "round" }));
      if (status === "confirmed") {
        shape.firstChild.setAttribute("fill", colour);
        shape.lastChild.setAttribute("stroke", "#ffffff");
      }
    } else {
      shape = svg("circle", Object.assign({ cx: 11, cy: 11, r: 8 }, stroke));
    }
    return svg("svg", { width: size, height: size, viewBox: "0 0 22 22", "aria-hidden": "true" }, shape);
  }

  function extentStyle(colour, props, selected) {
    var approximate = props.precision === "approximate";
    var confirmed = props.status === "confirmed";
    return {
      color: colour,
      weight: (approximate ? 1.5 : 3) + (selected ? 2.5 : 0),
      opacity: approximate ? 0.75 : 0.95,
      dashArray: approximate ? "6 6" : null,
      fillColor: colour,
      fillOpacity: confirmed ? 0.35 : 0.16,
      className: approximate ? "sitmap-approx sitmap-approx-" + colour.replace("#", "") : "sitmap-precise"
    };
  }

  // Approximate areas get a hatch so they never read as a surveyed outline.
  function ensureHatch(colour) {
    var id = "sitmap-hatch-" + colour.replace("#", "");
    if (document.getElementById(id)) return;
    var defsHost = document.getElementById("sitmap-defs");
    if (!defsHost) {
      defsHost = svg("svg", { id: "sitmap-defs", width: 0, height: 0, style: "position:absolute" }, svg("defs", {}));
      document.body.appendChild(defsHost);
    }
    var pattern = svg("pattern", { id: id, patternUnits: "userSpaceOnUse", width: 9, height: 9, patternTransform: "rotate(45)" },
      svg("rect", { width: 9, height: 9, fill: colour, "fill-opacity": 0.07 }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 9, stroke: colour, "stroke-width": 2.5, "stroke-opacity": 0.45 }));
    defsHost.firstChild.appendChild(pattern);
    var style = el("style", { text: ".sitmap-approx-" + colour.replace("#", "") + "{fill:url(#" + id + ")}" });
    document.head.appendChild(style);
  }

  /* ---------- layers ---------- */

  // Lines above areas, whatever the layer order: a wide approximate band must
  // never cover the border line it was drawn from and swallow its clicks.
  var PANES = { sitmapAreas: 410, sitmapLines: 420 };

  function paneFor(geometryType) {
    var map = state.map;
    var name = /LineString/.test(geometryType) ? "sitmapLines" : "sitmapAreas";
    if (map && !map.getPane(name)) map.createPane(name).style.zIndex = PANES[name];
    return name;
  }

  // Symbols that share a position (a claim about Kyiv and Kyiv itself) are
  // fanned out by a few pixels so that neither hides the other.
  var SPREAD = [[0, 0], [-24, -14], [24, -14], [-24, 14], [24, 14]];
  var symbolsAt = Object.create(null);

  function spreadOffset(latlng) {
    var key = latlng.lat.toFixed(4) + "," + latlng.lng.toFixed(4);
    var index = symbolsAt[key] || 0;
    symbolsAt[key] = index + 1;
    return SPREAD[index % SPREAD.length];
  }

  // A line is hard to hit at 3 px: an invisible 18 px stroke above it takes clicks and taps.
  var HIT_WIDTH = 18;

  function addLayer(spec, features) {
    var group = L.featureGroup();
    state.groups[spec.id] = group;
    if (spec.visible) group.addTo(state.map);
    ensureHatch(spec.colour);
    features.forEach(function (info) {
      var entry = { layerId: spec.id, extents: [], hits: [], symbol: null, ring: null, colour: spec.colour, props: info };
      state.features[info.id] = entry;
      if (!info.geometry) return;  // a claim about a whole country: listed in the panel, outlined when selected
      var anchor = L.latLng(info.anchor[1], info.anchor[0]);
      if (info.geometry.type !== "Point") {
        var extent = L.geoJSON({ type: "Feature", geometry: info.geometry, properties: {} }, {
          pane: paneFor(info.geometry.type),
          style: function () { return extentStyle(spec.colour, info, false); }
        });
        extent.on("click", function (e) { L.DomEvent.stopPropagation(e); select(info.id, { from: "map" }); });
        group.addLayer(extent);
        entry.extents.push(extent);
        if (/LineString/.test(info.geometry.type)) {
          var hit = L.geoJSON({ type: "Feature", geometry: info.geometry, properties: {} }, {
            pane: paneFor(info.geometry.type),
            style: function () { return { weight: HIT_WIDTH, opacity: 0, color: "#000000", className: "sitmap-hit", lineCap: "round" }; }
          });
          hit.on("click", function (e) { L.DomEvent.stopPropagation(e); select(info.id, { from: "map" }); });
          group.addLayer(hit);
          entry.hits.push(hit);
        }
      }
      if (info.uncertainty_km) {
        var ring = L.circle(anchor, {
          pane: paneFor("Polygon"),
          radius: info.uncertainty_km * 1000, color: spec.colour, weight: 1, dashArray: "3 5",
          fillColor: spec.colour, fillOpacity: 0.05, interactive: false
        });
        group.addLayer(ring);
        entry.ring = ring;
      }
      var icon = el("div", { className: "sitmap-symbol" + (info.uncertainty_km ? " is-placed-approximately" : "") + (info.role === "reference" ? " is-reference" : ""), "data-feature": info.id });
      icon.appendChild(symbol(info.stance, info.status, spec.colour, 22, info.role));
      var shift = spreadOffset(anchor);
      entry.shift = shift;
      var marker = L.marker(anchor, {
        icon: L.divIcon({ html: icon, className: "sitmap-icon", iconSize: [22, 22], iconAnchor: [11 - shift[0], 11 - shift[1]] }),
        keyboard: true, riseOnHover: true
      });
      marker.on("click", function (e) { L.DomEvent.stopPropagation(e); select(info.id, { from: "map" }); });
      group.addLayer(marker);
      entry.symbol = marker;
      entry.iconEl = icon;
    });
  }

  // The selected country-wide claim's country, lightly outlined.
  function showCountry(code, colour) {
    var country = state.data.basemap.countries.features.filter(function (f) { return f.properties.iso_a3 === code; })[0];
    if (!country) return null;
    return L.geoJSON(country, {
      pane: paneFor("Polygon"), interactive: false,
      style: function () { return { color: colour, weight: 2.5, dashArray: "8 5", fillColor: colour, fillOpacity: 0.06, className: "sitmap-country-outline" }; }
    }).addTo(state.map);
  }

  function drawBasemap(basemap) {
    L.geoJSON(basemap.countries, {
      interactive: false, smoothFactor: 1.5,
      style: function (f) { return f.properties.role === "focus" ? basemap.focus_style : basemap.style; }
    }).addTo(state.map);
  }

  // Tile settings are checked on the server (https://, {z}/{x}/{y}); the
  // attribution is text in our credits control, never Leaflet's HTML one.
  function drawTiles(tiles) {
    if (!tiles) return;
    L.tileLayer(tiles.url, { maxZoom: tiles.max_zoom }).addTo(state.map);
  }

  /* ---------- layer control and credits: text nodes only ---------- */

  function buildLayerControl(map) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = el("div", { className: "leaflet-control-layers leaflet-control-layers-expanded sitmap-layers", id: "sitmap-layers", role: "group", "aria-label": "Layers" });
      state.data.layers.forEach(function (layer) {
        var group = own(state.groups, layer.id);
        if (!group) return;
        var input = el("input", { type: "checkbox", className: "leaflet-control-layers-selector", "data-layer": layer.id });
        input.checked = map.hasLayer(group);
        input.addEventListener("change", function () {
          if (input.checked) map.addLayer(group); else map.removeLayer(group);
          syncUrl();
        });
        var chip = el("span", { className: "sitmap-chip" });
        chip.style.background = layer.colour;
        box.appendChild(el("label", { className: "sitmap-layer-toggle", title: layer.description || null }, input, " ", chip, " ", el("span", { text: layer.title })));
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function refreshLayerControl() {
    Array.prototype.forEach.call(document.querySelectorAll("#sitmap-layers input[data-layer]"), function (input) {
      var group = own(state.groups, input.getAttribute("data-layer"));
      input.checked = !!group && state.map.hasLayer(group);
    });
  }

  function creditLink(credit) {
    if (!credit.url) return el("span", { text: credit.text });
    return el("a", { href: credit.url, target: "_blank", rel: "noopener noreferrer", text: credit.text });
  }

  function buildCredits(map) {
    var credits = state.data.credits.slice();
    if (state.data.tiles && state.data.tiles.attribution) {
      credits.push({ text: "Tiles: " + state.data.tiles.attribution, url: state.data.tiles.attribution_url || "" });
    }
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", { className: "leaflet-control-attribution leaflet-control sitmap-credits-line", id: "sitmap-credits" });
      credits.forEach(function (credit, i) {
        if (i) box.appendChild(document.createTextNode(" | "));
        box.appendChild(creditLink(credit));
      });
      return box;
    };
    control.addTo(map);
  }

  // The app's Export button. Only the map knows the view the reader has in front of them, so
  // it writes that view into the page's address with export=1 and fires a history event:
  // Streamlit then reruns with this address and opens its Export dialog. Nothing else
  // here reruns the page; panning and clicking stay free for the server.
  function buildExportButton(map) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var button = el("button", { type: "button", className: "sitmap-export leaflet-control", id: "sitmap-export",
        title: "A graphic for a report, the standalone map, the data and the embed code of this view",
        "aria-label": "Export, download or embed this view", text: "Export ⤓" });
      L.DomEvent.disableClickPropagation(button);
      button.addEventListener("click", requestExport);
      return button;
    };
    control.addTo(map);
  }

  function requestExport() {
    syncUrl();
    var win = urlWindow();
    if (win === window) return;
    try {
      var url = new URL(win.location.href);
      url.searchParams.set("export", "1");
      win.history.replaceState(win.history.state, "", tidy(url.href));
      win.dispatchEvent(new PopStateEvent("popstate", { state: win.history.state }));
    } catch (e) { /* a sandboxed page may forbid history changes: no dialog, the map still works */ }
  }

  function tipText(info) {
    return info.role === "reference" ? "Place named in a source" : info.claimant + " · " + info.stance + " · " + info.status;
  }

  function bindTooltips() {
    Object.keys(state.features).forEach(function (id) {
      var info = own(state.data.features, id);
      var entry = state.features[id];
      if (!info || !entry.symbol) return;
      var tip = function () {
        return el("div", { className: "sitmap-tip" }, el("strong", { text: info.name }), el("div", { text: tipText(info) }));
      };
      entry.symbol.bindTooltip(tip(), { direction: "top", offset: [0, -10] });
      entry.extents.concat(entry.hits).forEach(function (extent) {
        extent.eachLayer(function (part) { part.bindTooltip(tip(), { sticky: true }); });
      });
      entry.iconEl.setAttribute("role", "img");
      entry.iconEl.setAttribute("aria-label", info.name);
    });
  }

  /* ---------- labels: real text, placed so that none overlaps another ---------- */

  // Where a label may sit beside its point: right, left, above, below.
  var LABEL_OFFSETS = [[14, -9], [-14, -9], [0, -30], [0, 14]];
  // A country's name may shift a little from its point to find room.
  var COUNTRY_OFFSETS = [[0, 0], [0, -24], [0, 24], [-50, 0], [50, 0], [0, -48], [0, 48]];

  function buildLabels(map) {
    var pane = map.createPane("sitmapLabels");
    pane.style.zIndex = 590;  // above shapes, below symbols (600) and tooltips
    pane.style.pointerEvents = "none";
    state.labelPane = pane;
    state.labels = state.data.labels.map(function (label) {
      var node = el("div", { className: "sitmap-map-label sitmap-map-label-" + label.kind + (label.capital ? " is-capital" : ""), "data-label": label.id, text: label.text });
      pane.appendChild(node);
      return { spec: label, node: node, width: 0, height: 0 };
    });
    placeLabels();
    map.on("zoomend moveend resize", placeLabels);
    // The frame is resized by its host after the first draw: keep the map's size and the labels in step.
    if (window.ResizeObserver) new ResizeObserver(function () { map.invalidateSize(); placeLabels(); }).observe(map.getContainer());
    // Widths measured before the web font arrived are wrong: measure and place again once it has.
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(function () { remeasureLabels(); placeLabels(); });
  }

  function remeasureLabels() {
    (state.labels || []).forEach(function (label) { label.width = 0; });
  }

  function labelHasVisibleFeature(label) {
    // A label of features shows while one of its features is visible; country and city labels always may.
    if (!label.spec.features.length || label.spec.kind === "city") return true;
    return label.spec.features.some(function (id) {
      var entry = own(state.features, id);
      return entry && entry.symbol && state.map.hasLayer(state.groups[entry.layerId]);
    });
  }

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
    return false;
  }

  function placeLabels() {
    if (!state.labels) return;
    var map = state.map, size = map.getSize(), margin = 4;
    // The map's own controls (zoom, layers, scale, credits) are obstacles: a label under them is a label cut off.
    var frame = map.getContainer().getBoundingClientRect();
    var placed = Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (control) {
      var r = control.getBoundingClientRect();
      return { x: r.left - frame.left - 2, y: r.top - frame.top - 2, w: r.width + 4, h: r.height + 4 };
    });
    // Symbols are obstacles too: a label never covers what it names or its neighbours.
    Object.keys(state.features).forEach(function (id) {
      var entry = state.features[id];
      if (!entry.symbol || !map.hasLayer(state.groups[entry.layerId])) return;
      var p = map.latLngToContainerPoint(entry.symbol.getLatLng());
      placed.push({ x: p.x + entry.shift[0] - 11, y: p.y + entry.shift[1] - 11, w: 22, h: 22, symbol: id });
    });
    var selectedLabel = state.selected && state.labels.filter(function (l) { return l.spec.features.indexOf(state.selected) >= 0; })[0];
    var order = state.labels.slice();
    if (selectedLabel) order.splice(order.indexOf(selectedLabel), 1), order.unshift(selectedLabel);
    // Measure every unmeasured label in one layout pass, not one per label.
    var unmeasured = state.labels.filter(function (label) { return !label.width; });
    unmeasured.forEach(function (label) { label.node.style.visibility = "hidden"; label.node.style.display = "block"; });
    unmeasured.forEach(function (label) { label.width = label.node.offsetWidth; label.height = label.node.offsetHeight; });
    unmeasured.forEach(function (label) { label.node.style.display = ""; });
    order.forEach(function (label) {
      var node = label.node;
      node.classList.remove("is-shown", "is-selected");
      if (!labelHasVisibleFeature(label)) return;
      var isSelected = label === selectedLabel;
      var named = label.spec.features;
      var obstacles = placed.filter(function (box) { return !box.symbol || named.indexOf(box.symbol) < 0; });
      var spot = null;
      label.spec.points.some(function (point) {
        var p = map.latLngToContainerPoint([point[1], point[0]]);
        var offsets = label.spec.kind === "country" ? COUNTRY_OFFSETS.map(function (o) { return [o[0] - label.width / 2, o[1] - label.height / 2]; }) :
          LABEL_OFFSETS.map(function (o) { return [o[0] < 0 ? o[0] - label.width : (o[0] === 0 ? -label.width / 2 : o[0]), o[1]]; });
        return offsets.some(function (o) {
          var box = { x: p.x + o[0], y: p.y + o[1], w: label.width, h: label.height };
          var inside = box.x >= margin && box.y >= margin && box.x + box.w <= size.x - margin && box.y + box.h <= size.y - margin;
          if (!inside || (!isSelected && overlaps(box, obstacles))) return false;
          spot = box;
          return true;
        });
      });
      if (!spot) return;
      placed.push(spot);
      var origin = map.containerPointToLayerPoint([spot.x, spot.y]);
      L.DomUtil.setPosition(node, origin);
      node.style.visibility = "";
      node.classList.add("is-shown");
      if (isSelected) node.classList.add("is-selected");
    });
  }

  /* ---------- page shell: map beside the panel ---------- */  /* ---------- page shell: map beside the panel ---------- */

  function buildShell(map) {
    var container = map.getContainer();
    var shell = el("div", { className: "sitmap-shell", id: "sitmap-shell" });
    var height = container.getBoundingClientRect().height || container.offsetHeight;
    container.parentNode.insertBefore(shell, container);
    var mapCell = el("div", { className: "sitmap-map-cell" });
    shell.appendChild(mapCell);
    mapCell.appendChild(container);
    // The legend sits under the map, never over it, so it can stay open without hiding a feature.
    var legendBox = el("div", { className: "sitmap-legend-strip", id: "sitmap-legend-strip" });
    mapCell.appendChild(legendBox);
    state.legendBox = legendBox;
    var panel = el("aside", { className: "sitmap-panel", id: "sitmap-panel", "aria-label": "Evidence panel" });
    shell.appendChild(panel);
    // The shell's height comes from the stylesheet: fixed beside the panel on
    // wide screens, the map's share plus the whole panel on a phone, where the
    // frame grows to its content and the page's own scroll carries the panel.
    container.style.height = "auto";
    container.style.flex = "1 1 auto";
    container.style.minHeight = "0";
    container.style.width = "100%";
    container.style.background = state.sea;
    state.panel = panel;
    map.invalidateSize();
  }

  /* ---------- legend ---------- */

  function buildLegend() {
    var box = el("details", { className: "sitmap-legend", open: true, id: "sitmap-legend" });
    box.appendChild(el("summary", { text: "Legend" }));
    var grey = "#444444";
    ensureHatch(grey);
    var short = state.data.legend.short;
    var used = Object.keys(state.data.features).map(function (id) { return state.data.features[id]; });
    function uses(test) { return used.some(test); }
    function row(graphic, text) { return el("span", { className: "sitmap-legend-row" }, graphic, el("span", { text: text })); }
    function group(title, rows) {
      rows = rows.filter(Boolean);
      if (!rows.length) return;
      var line = el("div", { className: "sitmap-legend-group" }, el("span", { className: "sitmap-legend-head", text: title }));
      rows.forEach(function (r) { line.appendChild(r); });
      box.appendChild(line);
    }
    var shapes = ["asserted", "warned", "denied"].filter(function (s) { return uses(function (f) { return f.stance === s; }); })
      .map(function (s) { return row(symbol(s, "claimed", grey, 16), short[s]); });
    group("Shape: stance", shapes);
    group("Fill: status", [
      uses(function (f) { return f.status === "claimed"; }) ? row(symbol("asserted", "claimed", grey, 16), short.claimed) : null,
      uses(function (f) { return f.status === "confirmed"; }) ? row(symbol("asserted", "confirmed", grey, 16), short.confirmed) : null,
      uses(function (f) { return f.role === "reference"; }) ? row(symbol("", "", grey, 16, "reference"), short.reference) : null
    ]);
    group("Where", [
      uses(function (f) { return f.precision === "approximate" && f.geometry && f.geometry.type !== "Point"; }) ? row(swatch("approx"), short.approximate) : null,
      uses(function (f) { return f.uncertainty_km; }) ? row(swatch("ring"), short.uncertainty) : null,
      uses(function (f) { return f.precision === "precise" && f.geometry && f.geometry.type !== "Point"; }) ? row(swatch("precise"), short.precise) : null,
      uses(function (f) { return f.precision === "generalised"; }) ? row(swatch("precise"), short.generalised) : null,
      uses(function (f) { return f.precision === "country"; }) ? row(swatch("country"), short.country) : null
    ]);
    group("Colour: layer", state.data.layers.map(function (layer) {
      var chip = el("span", { className: "sitmap-chip" });
      chip.style.background = layer.colour;
      return row(chip, layer.title);
    }));
    box.appendChild(el("div", { className: "sitmap-credits", text: "Basemap: " + state.data.basemap_credit }));
    state.legendBox.appendChild(box);
    // Open wherever it leaves the map most of its cell; on a small screen it starts folded, one tap away.
    // (The frame's width is known at once; its height is not, Streamlit sets it after the first draw.)
    if (window.innerWidth <= 720) box.open = false;
    box.addEventListener("toggle", function () { state.map.invalidateSize(); remeasureLabels(); placeLabels(); });
  }

  function swatch(kind) {
    var s = svg("svg", { width: 22, height: 14, viewBox: "0 0 22 14", "aria-hidden": "true" });
    if (kind === "approx") {
      s.appendChild(svg("rect", { x: 1, y: 1, width: 20, height: 12, fill: "url(#sitmap-hatch-444444)", stroke: "#444444", "stroke-dasharray": "3 3" }));
    } else if (kind === "ring") {
      s.appendChild(svg("circle", { cx: 11, cy: 7, r: 6, fill: "none", stroke: "#444444", "stroke-dasharray": "2 2" }));
    } else if (kind === "country") {
      s.appendChild(svg("rect", { x: 1, y: 1, width: 20, height: 12, fill: "#44444410", stroke: "#444444", "stroke-width": 1.5, "stroke-dasharray": "5 3" }));
    } else {
      s.appendChild(svg("rect", { x: 1, y: 1, width: 20, height: 12, fill: "#44444422", stroke: "#444444", "stroke-width": 2.5 }));
    }
    return s;
  }

  /* ---------- panel ---------- */

  var HINT = "Select a feature on the map, in the list or in the text to see who claims it and the sentences behind it.";

  function renderPanel() {
    var data = state.data;
    state.panel.appendChild(el("div", { className: "sitmap-details", id: "sitmap-details" },
      el("p", { className: "sitmap-hint", text: HINT })));
    var body = el("div", { className: "sitmap-panel-body", id: "sitmap-panel-body" });
    state.panel.appendChild(body);
    state.body = body;

    var all = Object.keys(data.features);
    function listButton(id, colour) {
      var info = data.features[id];
      return el("button", { type: "button", className: "sitmap-list-item", "data-feature": id, onclick: function () { select(id, { from: "panel" }); } },
        symbol(info.stance, info.status, colour, 14, info.role), el("span", { text: info.name }));
    }
    var countryWide = all.filter(function (id) { return data.features[id].precision === "country"; });
    if (countryWide.length) {
      var strip = el("section", { className: "sitmap-country-claims", id: "sitmap-country-claims", "aria-label": "Claims about a whole country" },
        el("h4", { text: "Claims about a whole country (" + countryWide.length + ")" }),
        el("p", { className: "sitmap-note", text: "No place on the map: selecting one outlines its country." }));
      countryWide.forEach(function (id) {
        var info = data.features[id];
        var button = listButton(id, layerColour(info.layer));
        button.appendChild(el("span", { className: "sitmap-country-code", text: info.country }));
        strip.appendChild(button);
      });
      body.appendChild(strip);
    }
    var list = el("details", { className: "sitmap-feature-list", id: "sitmap-feature-list", open: true },
      el("summary", { text: "On the map (" + (all.length - countryWide.length) + ")" }));
    data.layers.forEach(function (layer) {
      var ids = all.filter(function (id) { return data.features[id].layer === layer.id && data.features[id].precision !== "country"; });
      if (!ids.length) return;
      var group = el("div", { className: "sitmap-list-group" }, el("h4", { text: layer.title }));
      ids.forEach(function (id) { group.appendChild(listButton(id, layer.colour)); });
      list.appendChild(group);
    });
    body.appendChild(list);

    data.sources.forEach(function (source) { body.appendChild(renderSource(source)); });
  }

  function layerColour(layerId) {
    var layer = state.data.layers.filter(function (l) { return l.id === layerId; })[0];
    return layer ? layer.colour : "#444444";
  }

  function metaLine(label, meta) {
    if (!meta) return null;
    var value = meta.value || "not recorded";
    var node = el("div", { className: "sitmap-meta-row" }, el("span", { className: "sitmap-meta-label", text: label + ": " }), value);
    if (meta.status !== "known") node.appendChild(el("span", { className: "sitmap-badge sitmap-badge-" + meta.status, text: meta.status, title: meta.note || "" }));
    return node;
  }

  function renderSource(source) {
    var box = el("section", { className: "sitmap-source", "data-source": source.id });
    box.appendChild(el("h3", { text: source.meta.title.value || source.id }));
    var meta = el("div", { className: "sitmap-meta" },
      metaLine("Outlet", source.meta.outlet),
      metaLine("Published", source.meta.published),
      source.claimant ? el("div", { className: "sitmap-meta-row", text: "Speaks for: " + source.claimant }) : null,
      source.kind === "excerpt" ? el("div", { className: "sitmap-meta-row", text: "Stored as an excerpt: only the cited passages, verbatim." }) : null);
    if (source.address) {
      meta.appendChild(el("div", { className: "sitmap-meta-row" }, el("span", { className: "sitmap-meta-label", text: "Address: " }),
        el("a", { href: source.address, target: "_blank", rel: "noopener noreferrer", text: source.address })));
    } else {
      meta.appendChild(metaLine("Address", source.meta.address));
    }
    box.appendChild(meta);
    var text = el("div", { className: "sitmap-text" });
    var paragraph = el("p");
    text.appendChild(paragraph);
    source.sentences.forEach(function (sentence) {
      if (sentence.break_before) {
        paragraph = el("p");
        text.appendChild(paragraph);
      }
      var linked = sentence.quotes.length > 0;
      var node = el("span", {
        className: "sitmap-sentence" + (linked ? " is-linked" : ""),
        "data-source": source.id, "data-sentence": sentence.i,
        role: linked ? "button" : null, tabindex: linked ? "0" : null
      }, sentence.text);
      node._sitmap = { source: source.id, sentence: sentence };
      sentence.source = source.id;
      if (linked) {
        node.addEventListener("click", function () { selectFromSentence(sentence); });
        node.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); selectFromSentence(sentence); } });
        var ids = uniqueFeatures(sentence);
        node.title = ids.length > 1 ? "Supports " + ids.length + " features: choose one" : "Select: " + own(state.data.features, ids[0]).name;
      }
      state.sentenceEls[source.id + ":" + sentence.i] = node;
      paragraph.appendChild(node);
      paragraph.appendChild(document.createTextNode(" "));
    });
    box.appendChild(text);
    return box;
  }

  function uniqueFeatures(sentence) {
    var seen = [];
    sentence.quotes.forEach(function (q) { if (seen.indexOf(q.feature) < 0 && own(state.features, q.feature)) seen.push(q.feature); });
    return seen;
  }

  // A sentence that supports several features asks which one, instead of cycling blind.
  function selectFromSentence(sentence) {
    var ids = uniqueFeatures(sentence);
    if (!ids.length) return;
    if (ids.length === 1) { select(ids[0], { from: "panel" }); return; }
    openChooser(state.sentenceEls[sentence.source + ":" + sentence.i] || document.activeElement, ids);
  }

  function closeChooser() {
    var open = document.getElementById("sitmap-chooser");
    if (open) open.parentNode.removeChild(open);
  }

  function openChooser(anchorNode, ids) {
    closeChooser();
    var menu = el("div", { className: "sitmap-chooser", id: "sitmap-chooser", role: "menu", "aria-label": "This sentence supports" },
      el("div", { className: "sitmap-chooser-head", text: "This sentence supports " + ids.length + " features:" }));
    ids.forEach(function (id) {
      var info = state.data.features[id];
      var item = el("button", { type: "button", role: "menuitem", className: "sitmap-chooser-item", "data-feature": id },
        symbol(info.stance, info.status, layerColour(info.layer), 14, info.role), el("span", { text: info.name }));
      item.addEventListener("click", function (e) { e.stopPropagation(); closeChooser(); select(id, { from: "panel" }); });
      menu.appendChild(item);
    });
    menu.addEventListener("keydown", function (e) { if (e.key === "Escape") { closeChooser(); if (anchorNode && anchorNode.focus) anchorNode.focus(); } });
    anchorNode.parentNode.insertBefore(menu, anchorNode.nextSibling);
    var first = menu.querySelector("button");
    if (first) first.focus();
  }

  /* ---------- selection ---------- */

  function select(id, options) {
    options = options || {};
    var entry = own(state.features, id);
    var info = own(state.data.features, id);
    if (!entry || !info) return false;
    clearSelection();
    state.selected = id;
    var group = state.groups[entry.layerId];
    if (!state.map.hasLayer(group)) { state.map.addLayer(group); refreshLayerControl(); }

    entry.extents.forEach(function (extent) {
      extent.setStyle(extentStyle(entry.colour, entry.props, true));
      extent.bringToFront();
    });
    entry.hits.forEach(function (hit) { hit.bringToFront(); });
    if (entry.symbol) {
      entry.iconEl.classList.add("is-selected");
      entry.symbol.setZIndexOffset(1000);
    }
    if (info.country) state.countryOutline = showCountry(info.country, entry.colour);
    showMeasureLine(info);

    if (options.from !== "map") automatic(function () { bringIntoView(entry); });
    highlightSentences(info, options.from === "map" || options.from === "url");
    syncUrl();
    renderDetails(info);
    markListItem(id);
    if (state.embed && !state.autosize) {
      document.getElementById("sitmap-shell").classList.add("is-sheet-open");
      // The sheet covers the lower part of the map: keep the selected symbol above it.
      if (entry.symbol) {
        var at = state.map.latLngToContainerPoint(entry.symbol.getLatLng());
        var limit = state.map.getSize().y * 0.3;
        if (at.y > limit) automatic(function () { state.map.panBy([0, at.y - limit], { animate: false }); });
      }
      var link = document.getElementById("sitmap-full-map");
      if (link) link.href = fullMapUrl();
    }
    placeLabels();
    document.documentElement.setAttribute("data-sitmap-selected", id);
    return true;
  }

  function clearSelection() {
    var previous = state.selected && state.features[state.selected];
    if (previous) {
      previous.extents.forEach(function (extent) { extent.setStyle(extentStyle(previous.colour, previous.props, false)); });
      if (previous.symbol) {
        previous.iconEl.classList.remove("is-selected");
        previous.symbol.setZIndexOffset(0);
      }
    }
    if (state.measureLine) { state.map.removeLayer(state.measureLine); state.measureLine = null; }
    if (state.countryOutline) { state.map.removeLayer(state.countryOutline); state.countryOutline = null; }
    closeChooser();
    Array.prototype.forEach.call(state.panel.querySelectorAll(".is-highlighted"), function (node) {
      node.classList.remove("is-highlighted");
      node.textContent = node._sitmap ? node._sitmap.sentence.text : node.textContent;
    });
    state.selected = null;
  }

  // Back to no selection: the hint in the details, no list item marked, the sheet closed.
  function unselect() {
    clearSelection();
    markListItem(null);
    var box = document.getElementById("sitmap-details");
    box.textContent = "";
    box.appendChild(el("p", { className: "sitmap-hint", text: HINT }));
    document.getElementById("sitmap-shell").classList.remove("is-sheet-open");
    document.documentElement.removeAttribute("data-sitmap-selected");
    syncUrl();
    placeLabels();
  }

  function showMeasureLine(info) {
    info.figures.forEach(function (figure) {
      if (!figure.line) return;
      state.measureLine = L.polyline(figure.line.map(function (p) { return [p[1], p[0]]; }),
        { color: "#222222", weight: 1.5, dashArray: "2 6", interactive: false }).addTo(state.map);
    });
  }

  // Keep the selection clear of the map's edges and controls: areas are
  // fitted, points are centred; the zoom only changes when it must.
  function bringIntoView(entry) {
    var map = state.map;
    var inner = map.getBounds().pad(-0.15);
    if (state.countryOutline && !entry.symbol) {
      var country = state.countryOutline.getBounds();
      if (!map.getBounds().intersects(country)) map.fitBounds(country, { padding: [30, 30], maxZoom: 6, animate: false });
      return;
    }
    if (!entry.symbol) return;
    if (entry.extents.length) {
      var bounds = entry.extents[0].getBounds();
      if (!inner.contains(bounds)) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8, animate: false });
      return;
    }
    var point = entry.symbol.getLatLng();
    if (!inner.contains(point)) map.setView(point, Math.max(map.getZoom(), 5), { animate: false });
  }

  function highlightSentences(info, scroll) {
    state.highlighted = [];
    info.evidence.forEach(function (ev) {
      var node = state.sentenceEls[ev.source + ":" + ev.sentence];
      if (!node || state.highlighted.indexOf(node) >= 0) return;
      node.classList.add("is-highlighted");
      markQuotes(node, info.id);
      state.highlighted.push(node);
    });
    state.step = 0;
    // The details sit at the top of the one panel column: show them. The quotes in them lead to the text.
    if (scroll) state.panel.scrollTop = 0;
  }

  // "1 of 2 ▸": a feature with several sentences steps through them in the text.
  function stepper() {
    var count = state.highlighted.length;
    if (count < 2) return null;
    var label = el("span", { className: "sitmap-step-count", text: "Sentence 1 of " + count });
    var button = el("button", { type: "button", className: "sitmap-step", "aria-label": "Show the next highlighted sentence", text: "next ▸" });
    button.addEventListener("click", function () {
      state.step = (state.step + 1) % count;
      label.textContent = "Sentence " + (state.step + 1) + " of " + count;
      var node = state.highlighted[state.step];
      scrollPanelTo(node);
      node.classList.add("is-current");
      setTimeout(function () { node.classList.remove("is-current"); }, 900);
    });
    return el("div", { className: "sitmap-stepper", id: "sitmap-stepper" }, label, button);
  }

  // Rebuild the sentence as text nodes with the feature's quotes in <mark>.
  function markQuotes(node, featureId) {
    var sentence = node._sitmap.sentence;
    var ranges = sentence.quotes.filter(function (q) { return q.feature === featureId; })
      .sort(function (a, b) { return a.start - b.start; });
    node.textContent = "";
    var at = 0;
    ranges.forEach(function (r) {
      if (r.start < at) return;
      node.appendChild(document.createTextNode(sentence.text.slice(at, r.start)));
      node.appendChild(el("mark", { text: sentence.text.slice(r.start, r.end) }));
      at = r.end;
    });
    node.appendChild(document.createTextNode(sentence.text.slice(at)));
  }

  function scrollPanelTo(node) {
    var panel = state.panel;
    if (panel.scrollHeight <= panel.clientHeight + 1) {
      // On a phone the panel is part of the page: the page scrolls to the sentence.
      node.scrollIntoView({ block: "center" });
      return;
    }
    var top = node.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    panel.scrollTop = Math.max(0, top - panel.clientHeight / 4);
  }

  function markListItem(id) {
    Array.prototype.forEach.call(state.panel.querySelectorAll(".sitmap-list-item"), function (button) {
      button.classList.toggle("is-selected", button.getAttribute("data-feature") === id);
      button.setAttribute("aria-pressed", button.getAttribute("data-feature") === id ? "true" : "false");
    });
  }

  function renderDetails(info) {
    var box = document.getElementById("sitmap-details");
    box.textContent = "";
    var colour = state.features[info.id].colour;
    box.appendChild(el("div", { className: "sitmap-details-head" }, symbol(info.stance, info.status, colour, 20, info.role), el("h2", { text: info.name })));
    function factList(rows) {
      var dl = el("dl", { className: "sitmap-facts" });
      rows.forEach(function (row) {
        if (!row || !row[1]) return;
        dl.appendChild(el("dt", { text: row[0] }));
        dl.appendChild(el("dd", {}, row[1], row[2] || null));
      });
      return dl;
    }
    // First what a reader must see without scrolling: who says it, how, how sure, and the words.
    var primary = info.role === "reference"
      ? [["Named in", info.evidence.map(function (ev) { return citation(ev); }).join("; ")]]
      : [["Claimant", info.claimant],
         ["Stance", state.data.legend.stances[info.stance]],
         ["Status", state.data.legend.statuses[info.status], info.confirmation ? el("div", { className: "sitmap-note", text: info.confirmation }) : null]];
    primary.push(["About", info.country ? countryName(info.country) : ""], ["Quantity", info.quantity]);
    box.appendChild(factList(primary));

    var quotes = el("ol", { className: "sitmap-quotes" });
    info.evidence.forEach(function (ev) { quotes.appendChild(quoteLine(ev, "li")); });
    box.appendChild(el("h4", { text: "Evidence" }));
    var steps = stepper();
    if (steps) box.appendChild(steps);
    box.appendChild(quotes);

    // Then the rest, one tap away: description, precision, date, layer, figures.
    var more = el("details", { className: "sitmap-more", id: "sitmap-more" }, el("summary", { text: "More: precision, date, figures" }));
    if (info.description) more.appendChild(el("p", { className: "sitmap-description", text: info.description }));
    more.appendChild(factList([
      ["Precision", state.data.legend.precisions[info.precision],
        el("div", { className: "sitmap-note", text: (info.precision_note || "") + (info.uncertainty_km ? " Uncertainty: about " + info.uncertainty_km + " km." : "") })],
      ["Date", info.date],
      ["Layer", info.layer_title]
    ]));
    info.figures.forEach(function (figure) {
      var value = figure.value.toLocaleString("en-GB") + " " + figure.unit;
      var fig = el("div", { className: "sitmap-figure sitmap-figure-" + figure.kind },
        el("div", { className: "sitmap-figure-label", text: (figure.kind === "sourced" ? "Sourced: " : "Computed: ") + figure.label }),
        el("div", { className: "sitmap-figure-value", text: value }),
        figure.method ? el("div", { className: "sitmap-note", text: figure.method }) : null);
      if (figure.quote) fig.appendChild(quoteLine(figure.quote));
      if (figure.citation) {
        var cite = el("div", { className: "sitmap-note" }, "Source: " + figure.citation + " ");
        if (figure.address) cite.appendChild(el("a", { href: figure.address, target: "_blank", rel: "noopener noreferrer", text: figure.address }));
        fig.appendChild(cite);
      }
      more.appendChild(fig);
    });
    box.appendChild(more);
    box.appendChild(shareLink());
  }


  // The address already holds the view; this makes it easy to take away.
  function shareLink() {
    var field = el("input", { type: "text", readonly: true, className: "sitmap-share-url", "aria-label": "Link to this view", value: urlWindow().location.href });
    var button = el("button", { type: "button", className: "sitmap-share", text: "Copy link to this view" });
    button.addEventListener("click", function () {
      field.value = urlWindow().location.href;
      field.select();
      var done = function () { button.textContent = "Link copied"; };
      try {
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        else { document.execCommand("copy"); done(); }
      } catch (e) { /* the selected field still lets the reader copy by hand */ }
    });
    return el("div", { className: "sitmap-share-row" }, button, field);
  }

  function countryName(code) {
    var country = state.data.basemap.countries.features.filter(function (f) { return f.properties.iso_a3 === code; })[0];
    return country ? country.properties.name : code;
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function readableDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? String(Number(m[3])) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
  }

  // "outlet unknown, published 10 Feb 2022 (inferred), sentence 9": what a reader needs to cite it, and how sure we are.
  function citation(ev) {
    var source = state.data.sources.filter(function (s) { return s.id === ev.source; })[0];
    if (!source) return ev.source + ", sentence " + (ev.sentence + 1);
    var outlet = source.meta.outlet, published = source.meta.published;
    var parts = [outlet.value ? outlet.value + (outlet.status === "known" ? "" : " (" + outlet.status + ")") : "outlet unknown"];
    if (published.value) parts.push("published " + readableDate(published.value) + (published.status === "known" ? "" : " (" + published.status + ")"));
    else parts.push("date unknown");
    parts.push("sentence " + (ev.sentence + 1));
    return parts.join(", ");
  }

  // A quote with where it stands; clicking it scrolls the text to its sentence.
  function quoteLine(ev, tag) {
    var line = el(tag || "div", { className: "sitmap-quote" },
      el("q", { text: ev.exact }), el("span", { className: "sitmap-cite", text: " — " + citation(ev) }));
    line.addEventListener("click", function () {
      var node = state.sentenceEls[ev.source + ":" + ev.sentence];
      if (node) scrollPanelTo(node);
    });
    return line;
  }

  /* ---------- URL state: a link reproduces the view ---------- */

  // feature, layers and view live in the query (?feature=kyiv) or, when the
  // view was opened from one, in the hash (#feature=kyiv), which static hosts
  // and file:// keep on the client.
  var STATE_KEYS = ["feature", "layers", "view"];

  // Inside Streamlit the map runs in a same-origin iframe: the address bar
  // belongs to the parent. Standalone, it is this window's own, even when a
  // page of the same origin frames it: the map never writes to an article's address.
  function urlWindow() {
    if (state.standalone) return window;
    try {
      if (window.parent && window.parent !== window && window.parent.location.href) return window.parent;
    } catch (e) { /* cross-origin parent: keep state in our own URL */ }
    return window;
  }

  function hashParams(url) {
    return new URLSearchParams(url.hash.replace(/^#/, ""));
  }

  function hasStateKey(params) {
    return STATE_KEYS.some(function (key) { return params.has(key); });
  }

  // Commas are allowed in a query and a hash: "layers=border,places" reads better than %2C.
  function tidy(serialised) {
    return serialised.replace(/%2C/gi, ",");
  }

  function visibleLayers() {
    return state.data.layers.map(function (l) { return l.id; }).filter(function (id) {
      return state.groups[id] && state.map.hasLayer(state.groups[id]);
    });
  }

  // "lat,lon,zoom" as sitmap.export.request.parse_view reads it: 4 decimals (about 10 m), zoom to 2.
  function currentView() {
    var centre = state.map.getCenter().wrap();
    var lat = Math.max(-85, Math.min(85, centre.lat));
    return lat.toFixed(4) + "," + centre.lng.toFixed(4) + "," + String(Math.round(state.map.getZoom() * 100) / 100);
  }

  // The same checks as parse_view: three finite numbers, latitude within ±85, longitude within ±180;
  // the zoom is clamped to the map's range. Anything else is ignored.
  function parseView(value) {
    var parts = String(value || "").split(",");
    if (parts.length !== 3) return null;
    var numbers = parts.map(function (part) { return part.trim() === "" ? NaN : Number(part); });
    if (!numbers.every(isFinite)) return null;
    if (Math.abs(numbers[0]) > 85 || Math.abs(numbers[1]) > 180) return null;
    var zoom = Math.max(state.map.getMinZoom(), Math.min(state.map.getMaxZoom(), numbers[2]));
    return { center: L.latLng(numbers[0], numbers[1]), zoom: zoom };
  }

  // Two views the reader cannot tell apart: the same zoom, centres within two pixels (a resize
  // keeps the centre to the nearest pixel). The address keeps the link's own wording then.
  function sameView(a, b) {
    if (!a || !b || Math.abs(a.zoom - b.zoom) >= 0.01) return false;
    return state.map.project(a.center, b.zoom).distanceTo(state.map.project(b.center, b.zoom)) < 2;
  }

  function writeState(params) {
    if (state.selected) params.set("feature", state.selected);
    else params.delete("feature");
    var defaults = state.data.layers.filter(function (l) { return l.visible; }).map(function (l) { return l.id; });
    var visible = visibleLayers();
    if (visible.join(",") === defaults.join(",")) params.delete("layers");
    else params.set("layers", visible.join(",") || "none");
    // The view only once the reader has moved or zoomed the map (or the link named one): an
    // automatic fit and the default view are not worth a parameter.
    if (state.keepView) {
      var view = currentView();
      if (!sameView(parseView(params.get("view")), parseView(view))) params.set("view", view);
    }
  }

  function syncUrl() {
    var win = urlWindow();
    try {
      var url = new URL(win.location.href);
      if (state.useHash) {
        var hash = hashParams(url);
        writeState(hash);
        STATE_KEYS.forEach(function (key) { if (url.searchParams.has(key)) url.searchParams.delete(key); });
        url.hash = tidy(hash.toString());
      } else {
        writeState(url.searchParams);
      }
      url.search = tidy(url.search);
      if (url.href !== win.location.href) win.history.replaceState(win.history.state, "", url.href);
    } catch (e) { /* a sandboxed page may forbid history changes; the map still works */ }
  }

  // The state the address asks for: the hash's keys win over the query's.
  function addressState() {
    var url;
    try { url = new URL(urlWindow().location.href); } catch (e) { return null; }
    var hash = hashParams(url);
    var fromHash = hasStateKey(hash);
    return {
      fromHash: fromHash,
      get: function (key) { return fromHash && hash.has(key) ? hash.get(key) : url.searchParams.get(key); }
    };
  }

  function applyUrlState() {
    var params = addressState();
    if (!params) return;
    if (params.fromHash) state.useHash = true;
    var layers = params.get("layers");
    if (layers !== null) {
      // Unknown ids are ignored; a list with none we know (a typo, an old
      // link) keeps the default layers rather than hiding them all.
      var wanted = layers.split(",").filter(function (id) { return own(state.groups, id); });
      if (wanted.length || layers === "none") {
        Object.keys(state.groups).forEach(function (id) {
          var group = state.groups[id];
          if (wanted.indexOf(id) >= 0) { if (!state.map.hasLayer(group)) state.map.addLayer(group); }
          else if (state.map.hasLayer(group)) state.map.removeLayer(group);
        });
        refreshLayerControl();
      }
    }
    var feature = params.get("feature");
    if (feature && own(state.features, feature)) select(feature, { from: "url" });
    else if (state.selected) unselect();
    // Last: the view the link was taken at overrides the phone's fit and the selection's framing.
    var view = parseView(params.get("view"));
    if (view) {
      state.keepView = true;
      automatic(function () { state.map.setView(view.center, view.zoom, { animate: false }); });
    }
  }

  // Moves the code makes (fits, framing a selection, a linked view) are not the reader's.
  function automatic(move) {
    state.automaticMoves += 1;
    try { return move(); } finally { state.automaticMoves -= 1; }
  }

  function watchView(map) {
    map.on("movestart zoomstart", function () { if (!state.automaticMoves) state.keepView = true; });
    map.on("moveend zoomend", function () { if (state.keepView) syncUrl(); });
    // A link pasted into the same tab changes only the hash: show what it names.
    window.addEventListener("hashchange", function () {
      if (urlWindow() !== window) return;
      var params = addressState();
      if (params && params.fromHash) automatic(applyUrlState);
    });
  }

  /* ---------- embedded in an article: a good citizen of the page around it ---------- */

  // The map fills the frame; the panel opens over it on selection; the wheel
  // scrolls the article, and zooms the map only with Ctrl or ⌘ (or after a
  // click on the map), as Datawrapper and Google Maps do.
  function setUpEmbed(map) {
    var shell = document.getElementById("sitmap-shell");
    shell.classList.add("is-embed");
    var legend = document.getElementById("sitmap-legend");
    if (legend) legend.open = false;
    map.scrollWheelZoom.disable();
    var container = map.getContainer();
    var hint = el("div", { className: "sitmap-wheel-hint", id: "sitmap-wheel-hint", role: "status", "aria-live": "polite", text: "Use Ctrl + scroll (⌘ + scroll on a Mac) to zoom the map" });
    container.appendChild(hint);
    var hideHint = null;
    container.addEventListener("wheel", function (e) {
      if (e.ctrlKey || e.metaKey || state.wheelActive) {
        e.preventDefault();
        var next = map.getZoom() + (e.deltaY < 0 ? 1 : -1);
        map.setZoomAround(map.mouseEventToContainerPoint(e), Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), next)));
        return;
      }
      // Not ours to take: the page around the map scrolls, and the reader learns how to zoom.
      hint.classList.add("is-shown");
      clearTimeout(hideHint);
      hideHint = setTimeout(function () { hint.classList.remove("is-shown"); }, 1500);
    }, { passive: false });
    map.on("click", function () { state.wheelActive = true; });
    container.addEventListener("mouseleave", function () { state.wheelActive = false; });

    var close = el("button", { type: "button", className: "sitmap-sheet-close", "aria-label": "Close the details", text: "×" });
    close.addEventListener("click", unselect);
    state.panel.insertBefore(close, state.panel.firstChild);
    state.panel.appendChild(el("a", { className: "sitmap-full-map", id: "sitmap-full-map", target: "_blank", rel: "noopener", href: fullMapUrl(), text: "Open the full map ↗" }));
  }

  // Leaflet focuses the map on mousedown (for its arrow keys). A focus that scrolls moves the
  // page around a map that is partly out of view (an article around a frame, the app's page)
  // under the reader's pointer, and the click lands elsewhere: focus without scrolling.
  function focusWithoutScrolling(map) {
    if (!map.keyboard || !map.keyboard.enabled()) return;
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () { if (!this._focused) this._map.getContainer().focus({ preventScroll: true }); };
    map.keyboard.enable();
  }

  // On a touch screen one finger scrolls the page past the map and two fingers
  // move and zoom it, as Google Maps does inside a page.
  function setUpTouch(map) {
    var touch = (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) || ("ontouchstart" in window && navigator.maxTouchPoints > 0);
    if (!touch) return;
    map.dragging.disable();
    var container = map.getContainer();
    container.style.touchAction = "pan-y";
    container.classList.add("is-touch");
    var hint = el("div", { className: "sitmap-wheel-hint", id: "sitmap-touch-hint", role: "status", "aria-live": "polite", text: "Use two fingers to move the map" });
    container.appendChild(hint);
    var hideHint = null;
    container.addEventListener("touchmove", function (e) {
      if (e.touches.length !== 1) return;
      hint.classList.add("is-shown");
      clearTimeout(hideHint);
      hideHint = setTimeout(function () { hint.classList.remove("is-shown"); }, 1200);
    }, { passive: true });
  }

  // The same view on the app's own page, without embed mode.
  function fullMapUrl() {
    try {
      var url = new URL(urlWindow().location.href);
      url.searchParams.delete("embed");
      url.searchParams.delete("embed_options");
      url.searchParams.delete("height");
      return url.href;
    } catch (e) { return "#"; }
  }

  function isGroup(layer) {
    return Object.keys(state.groups).some(function (id) { return state.groups[id] === layer; });
  }

  // A phone's map is narrower than the default view was drawn for: fit the
  // symbols that view holds (those within a few degrees of its centre), clear
  // of the layer control, rather than cutting the outer sites off.
  function fitStoryOnNarrowMaps() {
    var map = state.map;
    if (map.getSize().x >= 560) return;
    var centre = L.latLng(state.data.view.center[0], state.data.view.center[1]);
    var points = Object.keys(state.features).map(function (id) { return state.features[id].symbol; })
      .filter(function (marker) { return marker && map.hasLayer(marker); })
      .map(function (marker) { return marker.getLatLng(); })
      .filter(function (p) { return Math.abs(p.lat - centre.lat) <= 3.5 && Math.abs(p.lng - centre.lng) <= 6; });
    if (points.length < 2) return;
    var control = document.getElementById("sitmap-layers");
    var top = control ? control.getBoundingClientRect().height + 16 : 20;
    // The credit line wraps to two lines on a phone: keep the symbols above it too.
    var credits = document.getElementById("sitmap-credits");
    var bottom = credits ? credits.getBoundingClientRect().height + 22 : 28;  // + a symbol's height
    map.fitBounds(L.latLngBounds(points), { paddingTopLeft: [24, top], paddingBottomRight: [24, bottom], animate: false });
  }

  /* ---------- the published file: a page of its own, or a frame in an article ---------- */

  function isFramed() {
    try { return window.self !== window.top; } catch (e) { return true; }
  }

  // Opened on its own, the file is a whole page: its title above the map, the
  // panel beside it (below it on a phone), in the window's own scroll.
  function setUpPage(options) {
    document.documentElement.classList.add("sitmap-page");
    var shell = document.getElementById("sitmap-shell");
    shell.classList.add("is-page");
    var head = el("header", { className: "sitmap-page-head", id: "sitmap-page-head" },
      el("h1", { text: options.title || "" }),
      options.subtitle ? el("p", { className: "sitmap-page-subtitle", text: options.subtitle }) : null);
    shell.parentNode.insertBefore(head, shell);
  }

  // In a frame the map keeps its title and sources in one line under it, as the app's embed does.
  function addCaption(options) {
    var text = [options.title, options.sources_line].filter(Boolean).join(" · ");
    if (!text) return;
    var mapCell = state.map.getContainer().parentNode;
    mapCell.appendChild(el("div", { className: "sitmap-caption", id: "sitmap-caption", title: text, text: text }));
  }

  // The host page's script (embed-host.js) answers our hello with
  // {type: "sitmap:autosize"}: then the frame is sized to the content, so the
  // map takes a fixed shape and the whole panel follows it. Only the parent
  // window is listened to, and only that one message shape is understood.
  function listenToHost() {
    window.addEventListener("message", function (e) {
      if (e.source !== window.parent || e.source === window) return;
      var message = e.data;
      if (!message || typeof message !== "object" || message.type !== "sitmap:autosize") return;
      enableAutosize();
    });
    try { window.parent.postMessage({ type: "sitmap:hello" }, "*"); } catch (e) { /* no parent to greet */ }
  }

  function enableAutosize() {
    if (state.autosize) { reportHeight(); return; }
    state.autosize = true;
    var map = state.map;
    var shell = document.getElementById("sitmap-shell");
    document.documentElement.classList.add("sitmap-autosize");
    shell.classList.remove("is-embed", "is-sheet-open");
    shell.classList.add("is-autosize");
    // The map's height now comes from the stylesheet (a fixed shape), not from the frame.
    var container = map.getContainer();
    container.style.height = "";
    container.style.flex = "";
    var legend = document.getElementById("sitmap-legend");
    if (legend) legend.open = window.innerWidth > 720;
    map.invalidateSize();
    // The map changed shape: frame the story again unless the reader or the link chose a view.
    if (!state.keepView && !state.selected) {
      automatic(function () {
        map.setView(state.data.view.center, state.data.view.zoom, { animate: false });
        fitStoryOnNarrowMaps();
      });
    }
    remeasureLabels();
    placeLabels();
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(shell);
    else window.addEventListener("resize", reportHeight);
    reportHeight();
  }

  function reportHeight() {
    var height = Math.ceil(document.getElementById("sitmap-shell").getBoundingClientRect().height);
    if (!(height > 0) || height === state.reportedHeight) return;
    state.reportedHeight = height;
    try { window.parent.postMessage({ type: "sitmap:height", height: height }, "*"); } catch (e) { /* the host is gone */ }
  }

  /* ---------- start ---------- */

  // The one entry point: the folium map exists; everything else comes from the payload.
  function start(map, data, options) {
    options = options || {};
    state.map = map;
    state.data = data;
    state.sea = data.sea;
    state.standalone = !!options.standalone;
    state.framed = isFramed();
    // The published file inside someone's page takes the embed layout; the app says so itself.
    state.embed = !!options.embed || (state.standalone && state.framed);
    Object.keys(data.features).forEach(function (id) {
      var info = data.features[id];
      if (!info.geometry && info.geometry_ref) info.geometry = own(data.shared_geometries, info.geometry_ref) || null;
    });
    buildShell(map);
    if (state.standalone && !state.framed) setUpPage(options);
    drawTiles(data.tiles);
    drawBasemap(data.basemap);
    data.layers.forEach(function (layer) {
      var features = Object.keys(data.features).map(function (id) { return data.features[id]; })
        .filter(function (info) { return info.layer === layer.id; });
      addLayer(layer, features);
    });
    buildLayerControl(map);
    buildLegend();
    if (state.standalone && state.framed) addCaption(options);
    buildCredits(map);
    if (options.export && !state.embed && !state.standalone) buildExportButton(map);
    renderPanel();
    bindTooltips();
    buildLabels(map);
    if (state.embed) setUpEmbed(map);
    setUpTouch(map);
    focusWithoutScrolling(map);
    map.on("layeradd layerremove", function (e) { if (isGroup(e.layer)) placeLabels(); });
    document.addEventListener("click", function (e) {
      var menu = document.getElementById("sitmap-chooser");
      if (menu && !menu.contains(e.target)) closeChooser();
    }, true);
    if (state.standalone && state.framed) listenToHost();
    // The frame may still be settling its size: restore the linked view once it has.
    requestAnimationFrame(function () {
      automatic(function () {
        fitStoryOnNarrowMaps();
        applyUrlState();
      });
      watchView(map);
      placeLabels();
      document.documentElement.setAttribute("data-sitmap-ready", "1");
    });
    window.addEventListener("resize", function () {
      map.invalidateSize();
      remeasureLabels();
      placeLabels();
      // Keep the selection in view, unless the reader (or the link) chose the view.
      if (state.selected && !state.keepView) automatic(function () { bringIntoView(state.features[state.selected]); });
    });
  }

  return {
    start: start,
    select: select,
    map: function () { return state.map; },
    selected: function () { return state.selected; },
    visibleLayers: function () { return visibleLayers(); },
    featureCount: function () { return Object.keys(state.features).length; },
    shownLabels: function () {
      return (state.labels || []).filter(function (l) { return l.node.classList.contains("is-shown"); })
        .map(function (l) { var r = l.node.getBoundingClientRect(); return { id: l.spec.id, text: l.spec.text, kind: l.spec.kind, x: r.left, y: r.top, w: r.width, h: r.height }; });
    }
  };
})();
