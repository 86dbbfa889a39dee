// The child's network drawn with cytoscape.js (vendored): the child at the centre, rings
// outward by distance, colour and shape by kind, ended links dashed, gap evidence marked by
// severity. Filters (kind of node, ended links, a date) hide what is not asked for without
// moving anything, so the picture keeps its shape while it is explored.

import { h } from "./dom.js";

export const KINDS = {
  child: { label: "Child", colour: "#1d70b8", shape: "ellipse" },
  carer: { label: "Parent or carer", colour: "#4c2c92", shape: "round-diamond" },
  practitioner: { label: "Practitioner", colour: "#00703c", shape: "round-triangle" },
  agency: { label: "Agency or service", colour: "#8a4a00", shape: "round-rectangle" },
  local_authority: { label: "Local authority", colour: "#505a5f", shape: "round-hexagon" },
  sensitive: { label: "Sensitive service (withheld)", colour: "#6f777b", shape: "octagon" },
};

/** Gap evidence, most severe first. Each is told apart by its words (legend, details, list),
 * by the width of its mark, and by colour; every colour is at least 3:1 on the background. */
export const SEVERITIES = {
  high: { words: "high priority", adjective: "high-priority", mark: "red, thickest mark", colour: "#d4351c", width: 5 },
  medium: { words: "medium priority", adjective: "medium-priority", mark: "orange, thick mark", colour: "#b35000", width: 4 },
  low: { words: "low priority", adjective: "low-priority", mark: "dark blue, thinner mark", colour: "#003078", width: 3 },
};
const SEVERITY_RANK = { high: 0, medium: 1, low: 2 };
export const GRAPH_BACKGROUND = "#fbfbfb";

/** How a link reads from each of its ends, now and once ended. */
const LINK_WORDS = {
  CARES_FOR: { from: ["cares for", "cared for"], to: ["cared for by", "was cared for by"] },
  INVOLVED_WITH: {
    from: ["works with", "worked with"],
    to: ["has involvement from", "had involvement from"],
  },
  WORKS_FOR: { from: ["works for", "worked for"], to: ["employs", "employed"] },
  RESIDENT_IN: { from: ["lives in", "lived in"], to: ["home of", "was home of"] },
  LOCATED_IN: { from: ["is in", "was in"], to: ["area of", "was the area of"] },
  SAME_AS: { from: ["is the same child as", "is the same child as"], to: ["is the same child as", "is the same child as"] },
};

/** "cares for" / "was cared for by": the words for a link of `type`, read from its source
 * (`fromSource`) or its target, current or ended. */
export function linkWords(type, { fromSource = true, current = true } = {}) {
  const words = LINK_WORDS[type];
  if (!words) return String(type).toLowerCase().replaceAll("_", " ");
  return (fromSource ? words.from : words.to)[current ? 0 : 1];
}

function nodeKind(node) {
  return node.id.startsWith("sensitive-") ? "sensitive" : node.kind;
}

function edgeId(edge) {
  // a residence has no id of its own: two stays in one area differ by their start
  const key = edge.properties?.id || `${edge.target}|${edge.properties?.since || ""}`;
  return `${edge.source}|${edge.type}|${key}`;
}

/** On-screen size of labels in pixels, whatever the zoom (down to a zoom of 0.5). */
const LABEL_PX = 13;
const LABEL_MODEL_MAX = 26;

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": "data(fontSize)",
      "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
      color: "#0b0c0c",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-wrap": "ellipsis",
      "text-max-width": "data(textWidth)",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": 1,
      "min-zoomed-font-size": 8,
      width: 26,
      height: 26,
      "background-color": "data(colour)",
      shape: "data(shape)",
      "border-width": 2,
      "border-color": "#ffffff",
    },
  },
  // labels on the outer side of each ring: above the nodes in the upper half of the picture
  { selector: "node[?labelAbove]", style: { "text-valign": "top", "text-margin-y": -3 } },
  { selector: "node[kind = 'child']", style: { width: 30, height: 30 } },
  {
    selector: "node[?focus]",
    style: { width: 46, height: 46, "border-width": 4, "border-color": "#0b0c0c", "font-weight": "bold" },
  },
  { selector: "node.compact", style: { width: 18, height: 18 } },
  { selector: "node.compact[?focus]", style: { width: 30, height: 30 } },
  { selector: "node.sensitive", style: { "border-style": "dashed", "border-color": "#0b0c0c", "border-width": 2 } },
  {
    selector: "edge",
    style: {
      width: 2.5,
      "line-color": "#6f777b",
      "curve-style": "bezier",
      "target-arrow-shape": "none",
      opacity: 1,
    },
  },
  { selector: "edge[type = 'CARES_FOR']", style: { "line-color": "#4c2c92", width: 3 } },
  { selector: "edge[type = 'WORKS_FOR']", style: { "line-style": "dotted", width: 2, "line-color": "#8a4a00" } },
  { selector: "edge[type = 'RESIDENT_IN']", style: { width: 1.5, "line-color": "#505a5f" } },
  { selector: "edge[type = 'SAME_AS']", style: { width: 3, "line-color": "#1d70b8", "line-style": "double" } },
  { selector: "edge.ended", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
  ...Object.entries(SEVERITIES).reverse().flatMap(([severity, { colour, width }]) => [
    {
      selector: `node.gap-${severity}`,
      style: { "border-color": colour, "border-width": width, "underlay-color": colour, "underlay-opacity": 0.16, "underlay-padding": 6 },
    },
    { selector: `edge.gap-${severity}`, style: { "line-color": colour, width } },
  ]),
  { selector: ".found", style: { "overlay-color": "#1d70b8", "overlay-opacity": 0.3, "overlay-padding": 7 } },
  { selector: "node:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.5, "overlay-padding": 6 } },
  { selector: "edge:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.5, "overlay-padding": 4 } },
  { selector: ".filtered", style: { display: "none" } },
];

/** Distance of every node from the focus child (edges taken both ways). */
function levels(nodes, edges, focus) {
  const next = new Map(nodes.map((n) => [n.data.id, []]));
  for (const e of edges) {
    next.get(e.data.source)?.push(e.data.target);
    next.get(e.data.target)?.push(e.data.source);
  }
  const level = new Map([[focus, 0]]);
  const queue = [focus];
  while (queue.length) {
    const id = queue.shift();
    for (const other of next.get(id) || []) {
      if (!level.has(other)) {
        level.set(other, level.get(id) + 1);
        queue.push(other);
      }
    }
  }
  const far = Math.max(0, ...level.values()) + 1;
  return (id) => (level.has(id) ? level.get(id) : far);
}

const LARGE = 30;
const RING_MAX = 14;
const KIND_ORDER = ["carer", "child", "practitioner", "agency", "local_authority"];

/** A ring for every node: by distance from the focus child and, where a distance holds many
 * nodes, by kind and in chunks, so no ring is crowded (a crowded ring is a wide picture). */
function rings(cy, focus) {
  const nodes = cy.nodes().map((n) => ({ data: { id: n.id() } }));
  const edges = cy.edges().map((e) => ({ data: { source: e.source().id(), target: e.target().id() } }));
  const levelOf = levels(nodes, edges, focus);
  const byLevel = new Map();
  cy.nodes().forEach((n) => {
    const level = levelOf(n.id());
    if (!byLevel.has(level)) byLevel.set(level, []);
    byLevel.get(level).push(n);
  });
  const ringOf = new Map();
  let ring = 0;
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const members = byLevel.get(level);
    const groups = members.length <= RING_MAX
      ? [members]
      : KIND_ORDER.map((kind) => members.filter((n) => n.data("kind") === kind))
          .concat([members.filter((n) => !KIND_ORDER.includes(n.data("kind")))]);
    for (const group of groups) {
      for (let start = 0; start < group.length; start += RING_MAX) {
        for (const n of group.slice(start, start + RING_MAX)) ringOf.set(n.id(), ring);
        ring += 1;
      }
    }
  }
  return ringOf;
}

/** Room along a ring for one node and its label, and between rings, in the picture's units. */
const LABEL_SPAN = 125;
const RING_GAP = 62;

/** Where each node sits: the focus at the centre, each ring (see `rings`) on a circle wide
 * enough that neighbours' labels do not meet, each ring turned half a step from the last. */
function ringPositions(cy, ringOf) {
  const members = new Map();
  cy.nodes().forEach((n) => {
    const ring = ringOf.get(n.id()) ?? 0;
    if (!members.has(ring)) members.set(ring, []);
    members.get(ring).push(n.id());
  });
  const positions = new Map();
  let radius = 0;
  for (const ring of [...members.keys()].sort((a, b) => a - b)) {
    const ids = members.get(ring);
    if (ring === 0 && ids.length === 1) {
      positions.set(ids[0], { x: 0, y: 0 });
      continue;
    }
    radius = Math.max(radius + RING_GAP, (ids.length * LABEL_SPAN) / (2 * Math.PI));
    const step = (2 * Math.PI) / ids.length;
    const start = -Math.PI / 2 + (ring % 2) * (step / 2);
    ids.forEach((id, i) => {
      positions.set(id, { x: radius * Math.cos(start + i * step), y: radius * Math.sin(start + i * step) });
    });
  }
  return positions;
}

/** Does a link hold on `day` (ISO date)? Links without dates always do. */
function holdsOn(edge, day) {
  const p = edge.data("properties") || {};
  if (p.since && String(p.since).slice(0, 10) > day) return false;
  return !(p.until && String(p.until).slice(0, 10) <= day);
}

export class NetworkGraph {
  constructor(container, { onSelect, onExpand }) {
    this.container = container;
    this.onSelect = onSelect;
    this.onExpand = onExpand;
    this.focus = null;
    this.gaps = [];
    this.filter = { hiddenKinds: new Set(), showEnded: true, asOf: null };
    this.labelSize = LABEL_PX;
    this.cy = window.cytoscape({
      container,
      style: STYLE,
      elements: [],
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    this.cy.on("tap", "node, edge", (event) => this.onSelect(this.describe(event.target)));
    this.cy.on("tap", (event) => {
      if (event.target === this.cy) this.onSelect(null);
    });
    this.cy.on("dbltap", "node", (event) => this.onExpand(event.target.id()));
    this.cy.on("zoom", () => this.scaleLabels());
  }

  /** Replace the picture with `network` (GET /children/{id}/network). */
  show(network) {
    this.focus = network.child_id;
    this.cy.elements().remove();
    this.merge(network);
  }

  /** Add what `network` holds that is not yet in the picture; returns how many nodes were new. */
  merge(network) {
    const before = this.cy.nodes().length;
    const own = network.child_id === this.focus; // not a sibling's network brought in
    const add = [];
    for (const node of network.nodes) {
      const existing = this.cy.getElementById(node.id);
      if (existing.nonempty()) {
        existing.data("gaps", [...new Set([...(existing.data("gaps") || []), ...(node.gaps || [])])]);
        continue;
      }
      const kind = nodeKind(node);
      const style = KINDS[kind] || KINDS.agency;
      const label = kind === "sensitive" ? "Sensitive service" : node.label || "(no name recorded)";
      add.push({
        group: "nodes",
        data: {
          id: node.id,
          kind: node.kind,
          visualKind: kind,
          label,
          focus: node.id === this.focus || (own && !!node.focus),
          colour: style.colour,
          shape: style.shape,
          properties: node.properties || {},
          gaps: node.gaps || [],
          fontSize: LABEL_PX,
          textWidth: LABEL_PX * 9,
        },
        classes: kind === "sensitive" ? "sensitive" : "",
      });
    }
    const known = new Set([...this.cy.nodes().map((n) => n.id()), ...add.map((n) => n.data.id)]);
    for (const edge of network.edges) {
      const id = edgeId(edge);
      if (this.cy.getElementById(id).nonempty()) continue;
      if (!known.has(edge.source) || !known.has(edge.target)) continue;
      add.push({
        group: "edges",
        data: {
          id,
          source: edge.source,
          target: edge.target,
          type: edge.type,
          current: edge.current !== false,
          properties: edge.properties || {},
          gaps: edge.gaps || [],
        },
        classes: edge.current === false ? "ended" : "",
      });
    }
    this.cy.add(add);
    this.mark();
    this.layout();
    this.applyFilter();
    return this.cy.nodes().length - before;
  }

  /** The child's gaps (GET …/gaps items: code, title, severity, evidence); [] for none. */
  setGaps(gaps) {
    this.gaps = gaps || [];
    this.mark();
  }

  /** The gaps an element is evidence for, most severe first: those the network marked it
   * with, and those whose evidence names it (a node by its id, an involvement by its id). */
  gapsOf(el) {
    const key = el.isNode() ? el.id() : el.data("properties")?.id;
    const known = new Map(this.gaps.map((g) => [g.code, g]));
    const codes = new Set(el.data("gaps") || []);
    for (const gap of this.gaps) if (key && (gap.evidence || []).includes(key)) codes.add(gap.code);
    return [...codes]
      .map((code) => known.get(code) || { code, title: code, severity: "high" })
      .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 0) - (SEVERITY_RANK[b.severity] ?? 0));
  }

  mark() {
    this.cy.batch(() => {
      this.cy.elements().forEach((el) => {
        const gaps = this.gapsOf(el);
        const worst = gaps.length ? gaps[0].severity : null;
        el.toggleClass("gap", gaps.length > 0);
        for (const severity of Object.keys(SEVERITIES)) el.toggleClass(`gap-${severity}`, severity === worst);
      });
    });
  }

  /** Show only what `filter` asks for: `hiddenKinds` (visual kinds), `showEnded`, and `asOf`
   * (an ISO date: the links that held that day, and whoever they reach from the child). */
  setFilter(filter) {
    Object.assign(this.filter, filter);
    this.applyFilter();
  }

  applyFilter() {
    const { hiddenKinds, showEnded, asOf } = this.filter;
    const cy = this.cy;
    const linkShown = (e) => (showEnded || e.data("current")) && (!asOf || holdsOn(e, asOf));
    // who the child reaches through the links shown, whatever kinds are ticked
    const reached = new Set(cy.nodes("[?focus]").map((n) => n.id()));
    const queue = [...reached];
    while (queue.length) {
      const id = queue.shift();
      cy.getElementById(id).connectedEdges().forEach((e) => {
        if (!linkShown(e)) return;
        const other = e.source().id() === id ? e.target().id() : e.source().id();
        if (!reached.has(other)) {
          reached.add(other);
          queue.push(other);
        }
      });
    }
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const shown = n.data("focus") || (reached.has(n.id()) && !hiddenKinds.has(n.data("visualKind")));
        n.toggleClass("filtered", !shown);
      });
      cy.edges().forEach((e) => {
        const shown = linkShown(e) && !e.source().hasClass("filtered") && !e.target().hasClass("filtered");
        e.toggleClass("filtered", !shown);
      });
    });
  }

  /** Nodes whose label holds `text` (any case), marked in the picture; the first selected. */
  find(text) {
    const wanted = String(text || "").trim().toLowerCase();
    this.cy.elements().removeClass("found");
    if (!wanted) return [];
    const found = this.cy.nodes().filter((n) => n.data("label").toLowerCase().includes(wanted) && !n.hasClass("filtered"));
    found.addClass("found");
    if (found.nonempty()) {
      this.cy.animate({ fit: { eles: found.closedNeighborhood().filter(":visible"), padding: 40 } }, { duration: 150 });
    }
    return found.map((n) => ({ id: n.id(), label: n.data("label"), kind: n.data("visualKind") }));
  }

  /** Earliest start among the links, for the date slider (ISO date), or null. */
  earliest() {
    const starts = this.cy.edges().map((e) => e.data("properties")?.since).filter(Boolean).map((d) => String(d).slice(0, 10));
    return starts.length ? starts.sort()[0] : null;
  }

  /** Labels keep a readable size on screen as the picture zooms out (to a limit). */
  scaleLabels() {
    const size = Math.min(LABEL_MODEL_MAX, Math.max(LABEL_PX, LABEL_PX / this.cy.zoom()));
    if (Math.abs(size - this.labelSize) < 0.2) return;
    this.labelSize = size;
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.data({ fontSize: size, textWidth: size * 9 });
      });
    });
  }

  layout() {
    const count = this.cy.nodes().length;
    // a big network gets a taller picture, so it stays readable
    this.container.classList.toggle("graph-large", count > LARGE);
    this.container.parentElement?.classList.toggle("graph-wrap-large", count > LARGE);
    this.cy.nodes().toggleClass("compact", count > LARGE);
    this.cy.resize(); // the container may have changed size, or been hidden when measured
    const positions = ringPositions(this.cy, rings(this.cy, this.focus));
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.data("labelAbove", positions.get(n.id()).y < -1);
      });
    });
    this.cy
      .layout({ name: "preset", positions: (node) => positions.get(node.id()), animate: false, fit: true, padding: 28 })
      .run();
    this.scaleLabels();
  }

  fit() {
    this.cy.fit(this.cy.elements(":visible"), 28);
  }

  select(id) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return;
    this.cy.elements().unselect();
    el.select();
    const view = this.cy.extent();
    const box = el.boundingBox();
    if (box.x1 < view.x1 || box.x2 > view.x2 || box.y1 < view.y1 || box.y2 > view.y2) {
      this.cy.animate({ center: { eles: el } }, { duration: 150 }); // only when out of view
    }
    this.onSelect(this.describe(el));
  }

  describe(el) {
    const gaps = this.gapsOf(el);
    if (el.isNode()) {
      return {
        what: "node",
        id: el.id(),
        kind: el.data("kind"),
        visualKind: el.data("visualKind"),
        label: el.data("label"),
        focus: el.data("focus"),
        properties: el.data("properties"),
        gaps,
        links: el.connectedEdges().filter((e) => !e.hasClass("filtered")).map((e) => {
          const fromSource = e.source().id() === el.id();
          const other = fromSource ? e.target() : e.source();
          return { words: linkWords(e.data("type"), { fromSource, current: e.data("current") }), other: other.data("label") };
        }),
      };
    }
    return {
      what: "edge",
      id: el.id(),
      type: el.data("type"),
      words: linkWords(el.data("type"), { current: el.data("current") }),
      source: el.source().data("label"),
      target: el.target().data("label"),
      current: el.data("current"),
      properties: el.data("properties"),
      gaps,
    };
  }

  /** What the picture holds, for the list beside it and for tests. */
  nodes() {
    return this.cy.nodes().map((n) => ({
      id: n.id(), kind: n.data("kind"), label: n.data("label"), focus: !!n.data("focus"),
      gap: n.hasClass("gap"), hidden: n.hasClass("filtered"), found: n.hasClass("found"),
    }));
  }

  edges() {
    return this.cy.edges().map((e) => ({
      id: e.id(), source: e.source().id(), target: e.target().id(), type: e.data("type"),
      current: e.data("current"), key: e.data("properties")?.id || null,
      gap: e.hasClass("gap"), hidden: e.hasClass("filtered"),
    }));
  }
}

const SVG = "http://www.w3.org/2000/svg";
const SHAPE_POINTS = {
  "round-diamond": "9,1 17,9 9,17 1,9",
  "round-triangle": "9,1 17,16 1,16",
  "round-hexagon": "5,1 13,1 17,9 13,17 5,17 1,9",
  octagon: "6,1 12,1 17,6 17,12 12,17 6,17 1,12 1,6",
};

function svgOf(width, height) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("aria-hidden", "true");
  return svg;
}

function swatch(kind, ring = null) {
  const { colour, shape } = KINDS[kind];
  const svg = svgOf(18, 18);
  let mark;
  if (shape === "ellipse") {
    mark = document.createElementNS(SVG, "circle");
    mark.setAttribute("cx", "9");
    mark.setAttribute("cy", "9");
    mark.setAttribute("r", ring ? "7" : "8");
  } else if (shape === "round-rectangle") {
    mark = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({ x: 1, y: 3, width: 16, height: 12, rx: 3 })) mark.setAttribute(k, String(v));
  } else {
    mark = document.createElementNS(SVG, "polygon");
    mark.setAttribute("points", SHAPE_POINTS[shape]);
  }
  mark.setAttribute("fill", colour);
  if (kind === "sensitive") {
    mark.setAttribute("stroke", "#0b0c0c");
    mark.setAttribute("stroke-dasharray", "2 1.5");
  }
  if (ring) {
    mark.setAttribute("stroke", ring.colour);
    mark.setAttribute("stroke-width", String(Math.min(3, ring.width - 1)));
  }
  svg.append(mark);
  return svg;
}

function line(colour, dash, width = 3) {
  const svg = svgOf(28, 10);
  const l = document.createElementNS(SVG, "line");
  for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 27, y2: 5, stroke: colour, "stroke-width": width })) l.setAttribute(k, String(v));
  if (dash) l.setAttribute("stroke-dasharray", dash);
  svg.append(l);
  return svg;
}

/** The key to the picture: kinds, links, and what each gap mark means, in words. */
export function legend(list) {
  list.replaceChildren();
  for (const kind of Object.keys(KINDS)) list.append(h("li", {}, swatch(kind), KINDS[kind].label));
  list.append(
    h("li", {}, line("#4c2c92", null), "cares for"),
    h("li", {}, line("#6f777b", null, 2.5), "works with (now)"),
    h("li", {}, line("#6f777b", "6 4", 2.5), "ended (dashed)"),
    h("li", {}, line("#8a4a00", "2 2", 2), "works for"),
    h("li", {}, line("#505a5f", null, 1.5), "lives or lived in"),
  );
  for (const { adjective, mark, colour, width } of Object.values(SEVERITIES)) {
    list.append(h("li", { class: "legend-gap" }, swatch("child", { colour, width }), line(colour, null, width),
      `evidence for a ${adjective} gap (${mark})`));
  }
}
