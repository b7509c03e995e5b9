/* Payung choropleth: draws the areas of a region's children, coloured by the server (maps/colour.py).
 *
 * The server sends, per area, its state (value / zero / nodata / suppressed), fill colour and label; this
 * file only draws them with Leaflet (no tiles, no network beyond our own JSON), shows the value on hover and
 * on tap, and drills down on click. On touch screens the first tap shows the value and an "open" link, a
 * second tap on the same area opens it, so a tap never navigates away before the person saw the figure.
 */
(function () {
  "use strict";

  var geometryCache = {};
  var hoverCapable = window.matchMedia ? window.matchMedia("(hover: hover)").matches : true;

  // Ring strings of the built boundary files (maps/geometry.py, format 2): zigzag numbers in base-32 digits
  // of the URL-safe base-64 alphabet, least significant first; "g".."_" carry a digit and continue the number.
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charAt(d)] = d;

  function decodeRing(text, q) {
    var ring = [], x = 0, y = 0, value = 0, shift = 0, count = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      value += (digit & 31) * Math.pow(2, shift);
      if (digit >= 32) { shift += 5; continue; }
      var n = value % 2 ? -(value - 1) / 2 - 1 : value / 2;
      value = 0;
      shift = 0;
      if (count % 2 === 0) {
        x += n;
      } else {
        y += n;
        ring.push([y * q, x * q]);
      }
      count++;
    }
    return ring;
  }

  // One download per boundary file (the districts of a regency share its village file); shapes are decoded
  // only for the areas a map draws.
  function loadGeometry(url) {
    if (!geometryCache[url]) {
      geometryCache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("geometry " + r.status);
        return r.json();
      }).then(function (data) {
        var encoded = {}, decoded = {};
        data.features.forEach(function (f) { encoded[f.code] = f.p; });
        return function shapeOf(code) {
          if (!decoded[code] && encoded[code]) {
            decoded[code] = encoded[code].map(function (polygon) {
              return polygon.map(function (ring) { return decodeRing(ring, data.q); });
            });
          }
          return decoded[code];
        };
      });
    }
    return geometryCache[url];
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Choropleth(section) {
    this.section = section;
    this.ds = section.dataset;
    this.region = this.ds.region || "";
    this.rootRegion = this.region;
    this.year = this.ds.year || "";
    this.isPublic = this.ds.public === "1";
    this.picker = section.querySelector("[data-role=indicator]");
    this.info = section.querySelector("[data-role=info]");
    this.legend = section.querySelector("[data-role=legend]");
    this.mapEl = section.querySelector("[data-role=map]");
    this.missing = section.querySelector("[data-role=missing]");
    this.indicator = "";
    this.layers = {};
    this.selected = null;
    this.map = L.map(this.mapEl, {
      zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: true, scrollWheelZoom: false,
      // Tiles are never loaded: the areas are the whole map.
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution(this.ds.attribution);
    // A view first, so layers are added (and get their SVG paths) at once; fitBounds follows the data.
    this.map.setView([-2.5, 118], 4);
    this.renderer = L.svg({ padding: 0.5 });
    this.group = L.featureGroup().addTo(this.map);
    var self = this;
    this.picker.addEventListener("change", function () {
      self.indicator = self.picker.value;
      self.load();
    });
    this.load();
  }

  Choropleth.prototype.query = function () {
    var params = new URLSearchParams({ wilayah: this.region, tahun: this.year });
    if (this.indicator) params.set("indikator", this.indicator);
    return this.ds.url + "?" + params.toString();
  };

  Choropleth.prototype.load = function () {
    var self = this;
    this.section.setAttribute("aria-busy", "true");
    this.info.textContent = this.ds.msgLoading;
    fetch(this.query(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("data " + r.status);
        return r.json();
      })
      .then(function (data) {
        return loadGeometry(data.geometry).then(function (shapes) { self.draw(data, shapes); });
      })
      .catch(function (err) {
        if (window.console) console.error(err);
        self.info.textContent = self.ds.msgError;
      })
      .then(function () { self.section.removeAttribute("aria-busy"); });
  };

  Choropleth.prototype.fillPattern = function () {
    // A hatch for suppressed areas, defined once in the renderer's <svg>.
    var svg = this.renderer._container;
    if (!svg || svg.querySelector("#payung-hatch")) return;
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", "payung-hatch");
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "6");
    pattern.setAttribute("height", "6");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var bg = document.createElementNS(ns, "rect");
    bg.setAttribute("width", "6");
    bg.setAttribute("height", "6");
    bg.setAttribute("fill", "#e0e0e0");
    var line = document.createElementNS(ns, "rect");
    line.setAttribute("width", "2");
    line.setAttribute("height", "6");
    line.setAttribute("fill", "#8a8a8a");
    pattern.appendChild(bg);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  };

  Choropleth.prototype.styleFor = function (area, highlighted) {
    return {
      renderer: this.renderer,
      color: highlighted ? "#111" : (area.state === "nodata" ? "#9a9a9a" : "#5a5a5a"),
      weight: highlighted ? 2.5 : 0.8,
      dashArray: area.state === "nodata" ? "3 3" : null,
      fillColor: area.colour,
      fillOpacity: 1,
    };
  };

  Choropleth.prototype.applyFill = function (layer, area) {
    if (area.state === "suppressed" && layer._path) layer._path.setAttribute("fill", "url(#payung-hatch)");
  };

  Choropleth.prototype.draw = function (data, shapes) {
    var self = this;
    var regionChanged = this.drawnRegion !== data.region;
    this.data = data;
    this.indicator = data.indicator || "";
    this.fillPicker(data);
    this.fillLegend(data);
    this.group.clearLayers();
    this.layers = {};
    this.selected = null;
    data.areas.forEach(function (area) {
      var shape = shapes(area.code);
      if (!shape) return;
      var layer = L.polygon(shape, self.styleFor(area, false));
      layer.bindTooltip(area.name + ": " + area.label, { sticky: true, direction: "top" });
      layer.on("mouseover", function () {
        self.highlight(area.code, false);
        if (!self.selected) self.showValue(area);
      });
      layer.on("mouseout", function () {
        if (self.selected !== area.code) self.unhighlight(area.code);
        if (!self.selected) self.showHint();
      });
      layer.on("click", function (e) { self.activate(area, e); });
      layer.addTo(self.group);
      layer.getElement().setAttribute("data-code", area.code);
      layer.getElement().setAttribute("data-state", area.state);
      layer.getElement().setAttribute("aria-label", area.name + ": " + area.label);
      self.layers[area.code] = { layer: layer, area: area };
    });
    this.fillPattern();
    Object.keys(this.layers).forEach(function (code) {
      self.applyFill(self.layers[code].layer, self.layers[code].area);
    });
    if (regionChanged && this.group.getLayers().length) {
      this.map.invalidateSize();
      this.map.fitBounds(this.group.getBounds(), { padding: [4, 4] });
      var fitted = this.map.getZoom();
      this.map.setMinZoom(fitted - 0.5);
      this.map.setMaxZoom(fitted + 5);
      this.drawnRegion = data.region;
    }
    this.fillMissing(data);
    this.showHint();
    this.section.setAttribute("data-ready", data.region + "|" + data.indicator);
  };

  // Areas the boundary data has no shape for (the server names them): listed below the map with their value,
  // linked like the map's areas.
  Choropleth.prototype.fillMissing = function (data) {
    var box = this.missing, self = this;
    box.textContent = "";
    var rows = data.areas.filter(function (area) { return data.without_boundary.indexOf(area.code) >= 0; });
    box.hidden = rows.length === 0;
    if (!rows.length) return;
    box.appendChild(el("p", { "class": "mb-1" }, this.ds.msgMissing));
    var list = el("ul", { "class": "mb-0" });
    rows.forEach(function (area) {
      var li = el("li", { "data-code": area.code, "data-state": area.state });
      var url = self.urlOf(area);
      li.appendChild(url && !self.isPublic ? el("a", { href: url }, area.name) : document.createTextNode(area.name));
      li.appendChild(document.createTextNode(": " + area.label));
      list.appendChild(li);
    });
    box.appendChild(list);
  };

  Choropleth.prototype.fillPicker = function (data) {
    var picker = this.picker;
    picker.textContent = "";
    data.indicators.forEach(function (ind) {
      var opt = el("option", { value: ind.key, title: ind.definition }, ind.label);
      if (ind.key === data.indicator) opt.selected = true;
      picker.appendChild(opt);
    });
    picker.disabled = data.indicators.length === 0;
  };

  Choropleth.prototype.fillLegend = function (data) {
    var legend = this.legend;
    legend.textContent = "";
    var current = null;
    data.indicators.forEach(function (ind) { if (ind.key === data.indicator) current = ind; });
    if (current) legend.appendChild(el("li", { "class": "choropleth-legend-title" }, current.label));
    data.legend.forEach(function (row) {
      var li = el("li", { "data-state": row.state });
      var swatch = el("span", { "class": "choropleth-swatch swatch-" + row.state, "aria-hidden": "true" });
      swatch.style.backgroundColor = row.colour;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(row.label));
      legend.appendChild(li);
    });
  };

  Choropleth.prototype.showHint = function () {
    this.info.textContent = "";
    this.info.appendChild(document.createTextNode(this.ds.msgHint + " "));
    if (this.isPublic && this.data.parent_url) {
      var back = el("button", { type: "button", "class": "btn btn-link btn-sm p-0 me-2" }, this.ds.msgBack);
      var self = this;
      back.addEventListener("click", function () { self.goTo(""); });
      this.info.appendChild(back);
    }
    if (this.data.table_url && this.isPublic) {
      this.info.appendChild(el("a", { href: this.data.table_url }, this.ds.msgTable));
    }
  };

  Choropleth.prototype.highlight = function (code, keep) {
    var entry = this.layers[code];
    if (!entry) return;
    entry.layer.setStyle(this.styleFor(entry.area, true));
    this.applyFill(entry.layer, entry.area);
    entry.layer.bringToFront();
    if (keep) this.selected = code;
  };

  Choropleth.prototype.unhighlight = function (code) {
    var entry = this.layers[code];
    if (!entry) return;
    entry.layer.setStyle(this.styleFor(entry.area, false));
    this.applyFill(entry.layer, entry.area);
  };

  Choropleth.prototype.urlOf = function (area) {
    if (!area.url) return "";
    return area.url + (area.url.indexOf("?") >= 0 ? "&" : "?") + "tahun=" + encodeURIComponent(this.year);
  };

  Choropleth.prototype.showValue = function (area) {
    this.info.textContent = "";
    this.info.appendChild(el("strong", {}, area.name));
    this.info.appendChild(document.createTextNode(": " + area.label + " "));
    var url = this.urlOf(area);
    if (url) {
      var link = el("a", { href: url, "data-testid": "map-open" }, this.ds.msgOpen + " " + area.name + " →");
      var self = this;
      if (this.isPublic) link.addEventListener("click", function (e) { e.preventDefault(); self.goTo(area.code); });
      this.info.appendChild(link);
    }
  };

  Choropleth.prototype.goTo = function (code) {
    this.region = code;
    this.load();
  };

  Choropleth.prototype.activate = function (area, e) {
    var touch = !hoverCapable || (e && e.originalEvent && e.originalEvent.pointerType === "touch");
    if (touch && this.selected !== area.code) {
      // First tap: show the figure; the drill-down waits for a second tap or the link.
      if (this.selected) this.unhighlight(this.selected);
      this.highlight(area.code, true);
      this.showValue(area);
      return;
    }
    var url = this.urlOf(area);
    if (!url) {
      this.showValue(area);
      return;
    }
    if (this.isPublic) {
      this.goTo(area.code);
    } else {
      window.location.href = url;
    }
  };

  function start() {
    if (!window.L) return;
    document.querySelectorAll("[data-choropleth]").forEach(function (section) {
      if (section.choropleth) return;
      section.choropleth = new Choropleth(section);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
