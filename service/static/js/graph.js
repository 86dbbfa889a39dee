// The child's network drawn with cytoscape.js (vendored): the child at the centre, rings
// outward by distance, colour and shape by kind, ended involvements dashed, gap evidence red.

import { h } from "./dom.js";

export const KINDS = {
  child: { label: "Child", colour: "#1d70b8", shape: "ellipse" },
  carer: { label: "Parent or carer", colour: "#4c2c92", shape: "round-diamond" },
  practitioner: { label: "Practitioner", colour: "#00703c", shape: "round-triangle" },
  agency: { label: "Agency or service", colour: "#8a4a00", shape: "round-rectangle" },
  local_authority: { label: "Local authority", colour: "#505a5f", shape: "round-hexagon" },
  sensitive: { label: "Sensitive service (withheld)", colour: "#6f777b", shape: "octagon" },
};
const GAP = "#d4351c";
const EDGE_WORDS = {
  CARES_FOR: "cares for",
  INVOLVED_WITH: "works with",
  WORKS_FOR: "works for",
  RESIDENT_IN: "lived in",
};

function shortLabel(text) {
  const t = String(text || "");
  return t.length > 28 ? `${t.slice(0, 26)}…` : t;
}

function nodeKind(node) {
  return node.id.startsWith("sensitive-") ? "sensitive" : node.kind;
}

function edgeId(edge) {
  const key = edge.properties?.id || edge.target;
  return `${edge.source}|${edge.type}|${key}`;
}

const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(short)",
      "font-size": 11,
      "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
      color: "#0b0c0c",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-wrap": "wrap",
      "text-max-width": 110,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": 1,
      "min-zoomed-font-size": 7,
      width: 26,
      height: 26,
      "background-color": "data(colour)",
      shape: "data(shape)",
      "border-width": 2,
      "border-color": "#ffffff",
    },
  },
  { selector: "node[kind = 'child']", style: { width: 30, height: 30 } },
  {
    selector: "node[?focus]",
    style: { width: 46, height: 46, "border-width": 4, "border-color": "#0b0c0c", "font-size": 13, "font-weight": "bold" },
  },
  { selector: "node.compact", style: { width: 18, height: 18, "text-max-width": 80, "font-size": 10 } },
  { selector: "node.compact[?focus]", style: { width: 30, height: 30 } },
  { selector: "node.sensitive", style: { "border-style": "dashed", "border-color": "#0b0c0c", "border-width": 2 } },
  { selector: "node.gap", style: { "border-color": GAP, "border-width": 5, "underlay-color": GAP, "underlay-opacity": 0.18, "underlay-padding": 6 } },
  { selector: "node:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.45, "overlay-padding": 6 } },
  {
    selector: "edge",
    style: {
      width: 2,
      "line-color": "#6f777b",
      "curve-style": "bezier",
      "target-arrow-shape": "none",
      opacity: 0.9,
    },
  },
  { selector: "edge[type = 'CARES_FOR']", style: { "line-color": "#4c2c92", width: 3 } },
  { selector: "edge[type = 'WORKS_FOR']", style: { "line-style": "dotted", width: 1.5, "line-color": "#8a4a00" } },
  { selector: "edge[type = 'RESIDENT_IN']", style: { width: 1, "line-color": "#b1b4b6" } },
  { selector: "edge.ended", style: { "line-style": "dashed", "line-dash-pattern": [6, 4], opacity: 0.7 } },
  { selector: "edge.gap", style: { "line-color": GAP, width: 4, opacity: 1 } },
  { selector: "edge:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.45, "overlay-padding": 4 } },
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

export class NetworkGraph {
  constructor(container, { onSelect, onExpand }) {
    this.container = container;
    this.onSelect = onSelect;
    this.onExpand = onExpand;
    this.focus = null;
    this.evidence = new Set();
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
  }

  /** Replace the picture with `network` (GET /children/{id}/network). */
  show(network) {
    this.focus = network.child_id;
    this.evidence = new Set();
    this.cy.elements().remove();
    this.merge(network);
  }

  /** Add what `network` holds that is not yet in the picture; returns how many nodes were new. */
  merge(network) {
    const before = this.cy.nodes().length;
    const add = [];
    for (const node of network.nodes) {
      if (this.cy.getElementById(node.id).nonempty()) {
        const existing = this.cy.getElementById(node.id);
        existing.data("gaps", [...new Set([...(existing.data("gaps") || []), ...(node.gaps || [])])]);
        continue;
      }
      const kind = nodeKind(node);
      const style = KINDS[kind] || KINDS.agency;
      const label = kind === "sensitive" ? "Sensitive service" : node.label || node.id;
      add.push({
        group: "nodes",
        data: {
          id: node.id,
          kind: node.kind,
          visualKind: kind,
          label,
          short: shortLabel(label),
          focus: node.id === this.focus,
          colour: style.colour,
          shape: style.shape,
          properties: node.properties || {},
          gaps: node.gaps || [],
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
    return this.cy.nodes().length - before;
  }

  /** Ids of nodes and involvements that are evidence for this child's gaps (GET …/gaps). */
  setEvidence(ids) {
    this.evidence = new Set(ids);
    this.mark();
  }

  mark() {
    this.cy.elements().forEach((el) => {
      const own = el.data("gaps") || [];
      const key = el.isNode() ? el.id() : el.data("properties")?.id;
      el.toggleClass("gap", own.length > 0 || (key && this.evidence.has(key)));
    });
  }

  layout() {
    const count = this.cy.nodes().length;
    // a big network gets a taller picture, and closer rings, so its labels stay drawn
    this.container.classList.toggle("graph-large", count > LARGE);
    this.container.parentElement?.classList.toggle("graph-wrap-large", count > LARGE);
    this.cy.nodes().toggleClass("compact", count > LARGE);
    this.cy.resize(); // the container may have changed size, or been hidden when measured
    const ringOf = rings(this.cy, this.focus);
    const outermost = Math.max(0, ...ringOf.values());
    this.cy
      .layout({
        name: "concentric",
        concentric: (node) => outermost - ringOf.get(node.id()) + 1,
        levelWidth: () => 1,
        minNodeSpacing: count > LARGE ? 30 : 34,
        spacingFactor: count > LARGE ? 1 : 1.05,
        avoidOverlap: true,
        startAngle: (3 / 2) * Math.PI,
        animate: false,
        fit: true,
        padding: 28,
      })
      .run();
  }

  fit() {
    this.cy.fit(undefined, 28);
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
    if (el.isNode()) {
      return {
        what: "node",
        id: el.id(),
        kind: el.data("kind"),
        visualKind: el.data("visualKind"),
        label: el.data("label"),
        focus: el.data("focus"),
        properties: el.data("properties"),
        gaps: el.data("gaps"),
        gap: el.hasClass("gap"),
        links: el.connectedEdges().map((e) => {
          const other = e.source().id() === el.id() ? e.target() : e.source();
          return { type: e.data("type"), other: other.data("label"), current: e.data("current") };
        }),
      };
    }
    return {
      what: "edge",
      id: el.id(),
      type: el.data("type"),
      source: el.source().data("label"),
      target: el.target().data("label"),
      current: el.data("current"),
      properties: el.data("properties"),
      gaps: el.data("gaps"),
      gap: el.hasClass("gap"),
    };
  }

  /** What the picture holds, for the list beside it and for tests. */
  nodes() {
    return this.cy.nodes().map((n) => ({ id: n.id(), kind: n.data("kind"), label: n.data("label"), focus: !!n.data("focus"), gap: n.hasClass("gap") }));
  }

  edges() {
    return this.cy.edges().map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id(), type: e.data("type"), current: e.data("current"), gap: e.hasClass("gap") }));
  }
}

export function edgeWords(type) {
  return EDGE_WORDS[type] || type.toLowerCase().replaceAll("_", " ");
}

const SVG = "http://www.w3.org/2000/svg";
const SHAPE_POINTS = {
  "round-diamond": "9,1 17,9 9,17 1,9",
  "round-triangle": "9,1 17,16 1,16",
  "round-hexagon": "5,1 13,1 17,9 13,17 5,17 1,9",
  octagon: "6,1 12,1 17,6 17,12 12,17 6,17 1,12 1,6",
};

function swatch(kind) {
  const { colour, shape } = KINDS[kind];
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 18 18");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("aria-hidden", "true");
  let mark;
  if (shape === "ellipse") {
    mark = document.createElementNS(SVG, "circle");
    mark.setAttribute("cx", "9");
    mark.setAttribute("cy", "9");
    mark.setAttribute("r", "8");
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
  svg.append(mark);
  return svg;
}

function line(colour, dash, width = 3) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 28 10");
  svg.setAttribute("width", "28");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  const l = document.createElementNS(SVG, "line");
  for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 27, y2: 5, stroke: colour, "stroke-width": width })) l.setAttribute(k, String(v));
  if (dash) l.setAttribute("stroke-dasharray", dash);
  svg.append(l);
  return svg;
}

export function legend(list) {
  list.replaceChildren();
  for (const kind of Object.keys(KINDS)) list.append(h("li", {}, swatch(kind), KINDS[kind].label));
  list.append(
    h("li", {}, line("#4c2c92", null), "cares for"),
    h("li", {}, line("#6f777b", null, 2), "works with (current)"),
    h("li", {}, line("#6f777b", "6 4", 2), "ended"),
    h("li", {}, line("#8a4a00", "2 2", 2), "works for"),
    h("li", {}, line(GAP, null, 4), "evidence for a gap"),
  );
}
