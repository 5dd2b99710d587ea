/* orggraph map: draws the network, writes the names that fit, wires search, filters, details and the
   picture export. Plain ES5 for old browsers. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("map-data").textContent);
  var text = data.text;
  var labels = data.labels;
  var PRINT_SCALE = 3; /* a picture 3x the screen: about 300 dpi at the size it had on screen */
  var header = document.getElementById("heading");
  var page = document.getElementById("page");
  var search = document.getElementById("search");
  var status = document.getElementById("status");
  var details = document.getElementById("details");
  var selects = [
    document.getElementById("filter-sections"),
    document.getElementById("filter-leaders"),
    document.getElementById("filter-kinds")
  ];

  function fitPage() {
    page.style.top = header.offsetHeight + "px";
  }
  fitPage();

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var byId = {};
  var neighbours = {};
  var hiddenNode = {};
  var hiddenEdge = {};
  var i, j;
  for (i = 0; i < data.nodes.length; i++) {
    byId[data.nodes[i].id] = data.nodes[i];
    neighbours[data.nodes[i].id] = [];
    hiddenNode[data.nodes[i].id] = false;
  }
  for (i = 0; i < data.edges.length; i++) {
    neighbours[data.edges[i].from].push(data.edges[i].to);
    neighbours[data.edges[i].to].push(data.edges[i].from);
    hiddenEdge[data.edges[i].id] = false;
  }

  var state = {
    network: network,
    nodes: nodes,
    edges: edges,
    drawn: false,
    applied: 0,
    visibleNodes: data.nodes.length,
    visibleEdges: data.edges.length,
    matched: 0
  };
  window.orggraphMap = state;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values.hasOwnProperty(name) ? String(values[name]) : whole;
    });
  }

  /* ---- the first view: everything visible, the focus (if any) in the middle */
  function showAll() {
    var ids = [], k, id, focus = null;
    for (k = 0; k < data.nodes.length; k++) {
      id = data.nodes[k].id;
      if (!hiddenNode[id]) {
        ids.push(id);
        if (data.nodes[k].focus && focus === null) {
          focus = id;
        }
      }
    }
    if (ids.length === 0) {
      return;
    }
    var positions = network.getPositions(ids);
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, p, r;
    for (k = 0; k < ids.length; k++) {
      p = positions[ids[k]];
      r = byId[ids[k]].size;
      minX = Math.min(minX, p.x - r);
      maxX = Math.max(maxX, p.x + r);
      minY = Math.min(minY, p.y - r);
      maxY = Math.max(maxY, p.y + r);
    }
    var centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
    if (focus !== null) {
      centre = positions[focus];
      maxX = Math.max(maxX - centre.x, centre.x - minX);
      maxY = Math.max(maxY - centre.y, centre.y - minY);
      minX = -maxX;
      minY = -maxY;
    }
    var width = container.clientWidth, height = container.clientHeight;
    var padX = 80, padTop = 16, padBottom = 16 + labels.size * labels.lineHeight + labels.gap;
    var scale = Math.min((width - 2 * padX) / Math.max(maxX - minX, 1),
      (height - padTop - padBottom) / Math.max(maxY - minY, 1), 2);
    var shift = (padTop - padBottom) / 2 / scale; /* room under the lowest node for its name */
    network.moveTo({ position: { x: centre.x, y: centre.y - shift }, scale: scale, animation: false });
  }

  /* ---- names: written by the page at a steady size, largest nodes first, only where they fit */
  var measureContext = document.createElement("canvas").getContext("2d");
  var labelWidth = {};
  var ranked = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  var placedFor = "";
  var hovered = null;
  var font = labels.size + "px " + labels.font;

  function widthOf(id) {
    if (!labelWidth.hasOwnProperty(id)) {
      measureContext.font = font;
      labelWidth[id] = measureContext.measureText(byId[id].caption).width;
    }
    return labelWidth[id];
  }

  function labelBox(id, view) {
    var body = network.body.nodes[id];
    var x = body.x * view.scale + view.translation.x;
    var y = body.y * view.scale + view.translation.y;
    var w = widthOf(id);
    var top = y + byId[id].size * view.scale + labels.gap;
    return { id: id, x: x - w / 2, y: top, w: w, h: labels.size * labels.lineHeight };
  }

  function Grid(cell) {
    this.cell = cell;
    this.cells = {};
  }
  Grid.prototype.each = function (box, visit) {
    var x0 = Math.floor(box.x / this.cell), x1 = Math.floor((box.x + box.w) / this.cell);
    var y0 = Math.floor(box.y / this.cell), y1 = Math.floor((box.y + box.h) / this.cell);
    for (var gx = x0; gx <= x1; gx++) {
      for (var gy = y0; gy <= y1; gy++) {
        if (visit(gx + ":" + gy) === false) {
          return false;
        }
      }
    }
    return true;
  };
  Grid.prototype.add = function (box) {
    var cells = this.cells;
    this.each(box, function (key) {
      (cells[key] || (cells[key] = [])).push(box);
    });
  };
  Grid.prototype.hits = function (box, except) {
    var cells = this.cells;
    return !this.each(box, function (key) {
      var list = cells[key] || [];
      for (var k = 0; k < list.length; k++) {
        var o = list[k];
        if (o.id !== except && o.x < box.x + box.w && box.x < o.x + o.w && o.y < box.y + box.h && box.y < o.y + o.h) {
          return false;
        }
      }
      return true;
    });
  };

  /* Choose the names to write in this view: inside the canvas, on no other name and on no node. */
  function placeLabels() {
    var view = { scale: network.body.view.scale, translation: network.body.view.translation };
    var width = container.clientWidth, height = container.clientHeight;
    var key = [view.scale, view.translation.x, view.translation.y, width, height, state.applied, state.moved].join(",");
    if (key === placedFor) {
      return;
    }
    placedFor = key;
    var shapes = new Grid(64), names = new Grid(64), chosen = [], k, id, body, r, box;
    for (k = 0; k < data.nodes.length; k++) {
      id = data.nodes[k].id;
      if (hiddenNode[id]) {
        continue;
      }
      body = network.body.nodes[id];
      r = byId[id].size * view.scale;
      box = { id: id, x: body.x * view.scale + view.translation.x - r, y: body.y * view.scale + view.translation.y - r,
        w: 2 * r, h: 2 * r };
      if (box.x < width && box.y < height && box.x + box.w > 0 && box.y + box.h > 0) {
        shapes.add(box);
      }
    }
    for (k = 0; k < ranked.length; k++) {
      id = ranked[k].id;
      if (hiddenNode[id] || !ranked[k].caption) {
        continue;
      }
      box = labelBox(id, view);
      if (box.x < 0 || box.y < 0 || box.x + box.w > width || box.y + box.h > height) {
        continue;
      }
      if (names.hits(box, null) || shapes.hits(box, id)) {
        continue;
      }
      names.add(box);
      chosen.push(box);
    }
    state.labels = chosen;
  }

  function writeLabel(ctx, box, id, plate) {
    var x = box.x + box.w / 2;
    if (plate) {
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(box.x - 3, box.y - 1, box.w + 6, box.h + 2);
      ctx.fillStyle = "#1f2a33";
    }
    ctx.strokeText(byId[id].caption, x, box.y + box.h / 2);
    ctx.fillText(byId[id].caption, x, box.y + box.h / 2);
  }

  /* For tests and scripts: where a node's name goes in the current view; change a name. */
  state.labelBox = function (id) {
    return labelBox(id, { scale: network.body.view.scale, translation: network.body.view.translation });
  };
  state.setCaption = function (id, caption) {
    byId[id].caption = caption;
    delete labelWidth[id];
    placedFor = "";
    network.redraw();
  };

  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  network.on("afterDrawing", function (ctx) {
    placeLabels();
    var ratio = network.canvas.pixelRatio;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = font;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#1f2a33";
    for (var k = 0; k < state.labels.length; k++) {
      writeLabel(ctx, state.labels[k], state.labels[k].id, false);
    }
    var view = { scale: network.body.view.scale, translation: network.body.view.translation };
    var extra = [hovered, state.clicked];
    for (k = 0; k < extra.length; k++) {
      if (extra[k] !== null && extra[k] !== undefined && !hiddenNode[extra[k]] && byId[extra[k]].caption) {
        writeLabel(ctx, labelBox(extra[k], view), extra[k], true);
      }
    }
    ctx.restore();
    state.drawn = true;
  });
  network.on("hoverNode", function (params) {
    hovered = params.node;
    network.redraw();
  });
  network.on("blurNode", function () {
    hovered = null;
    network.redraw();
  });
  network.on("dragEnd", function () {
    state.moved = (state.moved || 0) + 1;
    network.redraw();
  });

  /* ---- a picture of what is on screen, at print resolution, drawn by the same canvas */
  state.exportPng = function (factor) {
    var canvas = network.canvas, element = canvas.frame.canvas;
    var ratio = canvas.pixelRatio, w = element.width, h = element.height;
    var k = factor || PRINT_SCALE;
    canvas.pixelRatio = k;
    element.width = Math.round(element.clientWidth * k);
    element.height = Math.round(element.clientHeight * k);
    network.renderer._redraw(false);
    var url = element.toDataURL("image/png");
    canvas.pixelRatio = ratio;
    element.width = w;
    element.height = h;
    network.renderer._redraw(false);
    return url;
  };
  document.getElementById("save-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = state.exportPng(PRINT_SCALE);
    link.download = (document.title || "map").replace(/[\\/:*?"<>|]+/g, "_") + ".png";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    state.saved = link.download;
  });

  function passes(node, filters) {
    for (var k = 0; k < filters.length; k++) {
      if (node[filters[k].facet].indexOf(filters[k].value) === -1) {
        return false;
      }
    }
    return true;
  }

  function activeFilters() {
    var filters = [];
    for (var k = 0; k < selects.length; k++) {
      if (selects[k].value !== "") {
        filters.push({ facet: selects[k].getAttribute("data-facet"), value: parseInt(selects[k].value, 10) });
      }
    }
    return filters;
  }

  /* Show the nodes that pass every filter; with a query, only those matching it and their neighbours. */
  function apply() {
    var query = search.value.replace(/^\s+|\s+$/g, "").toLowerCase();
    var filters = activeFilters();
    var shown = {};
    var matched = [];
    var node, id, k;
    for (k = 0; k < data.nodes.length; k++) {
      node = data.nodes[k];
      if (!passes(node, filters)) {
        continue;
      }
      if (query === "") {
        shown[node.id] = true;
      } else if (node.search.toLowerCase().indexOf(query) !== -1) {
        matched.push(node.id);
      }
    }
    for (k = 0; k < matched.length; k++) {
      shown[matched[k]] = true;
      for (j = 0; j < neighbours[matched[k]].length; j++) {
        id = neighbours[matched[k]][j];
        if (passes(byId[id], filters)) {
          shown[id] = true;
        }
      }
    }
    var nodeUpdates = [];
    var edgeUpdates = [];
    var visibleNodes = 0;
    var visibleEdges = 0;
    for (k = 0; k < data.nodes.length; k++) {
      id = data.nodes[k].id;
      if (shown[id]) {
        visibleNodes++;
      }
      if (hiddenNode[id] === !!shown[id]) {
        hiddenNode[id] = !shown[id];
        nodeUpdates.push({ id: id, hidden: hiddenNode[id] });
      }
    }
    for (k = 0; k < data.edges.length; k++) {
      var edge = data.edges[k];
      var visible = !!(shown[edge.from] && shown[edge.to]);
      if (visible) {
        visibleEdges++;
      }
      if (hiddenEdge[edge.id] === visible) {
        hiddenEdge[edge.id] = !visible;
        edgeUpdates.push({ id: edge.id, hidden: !visible });
      }
    }
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    var line = fill(text.status, { nodes: visibleNodes, total_nodes: data.nodes.length,
      edges: visibleEdges, total_edges: data.edges.length });
    if (query !== "") {
      line += fill(text.matched, { query: search.value, count: matched.length });
    }
    status.textContent = line;
    if (query !== "" && matched.length > 0) {
      network.fit({ nodes: matched.length > 50 ? matched.slice(0, 50) : matched, animation: false });
    } else if (nodeUpdates.length > 0) {
      showAll();
    }
    state.visibleNodes = visibleNodes;
    state.visibleEdges = visibleEdges;
    state.matched = matched.length;
    state.applied += 1;
  }

  var pending = null;
  function applySoon() {
    if (pending !== null) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      pending = null;
      apply();
    }, 150);
  }

  search.addEventListener("input", applySoon);
  search.addEventListener("keyup", function (event) {
    if (event.keyCode === 13) {
      apply();
    }
  });
  for (i = 0; i < selects.length; i++) {
    selects[i].addEventListener("change", apply);
  }
  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    for (var k = 0; k < selects.length; k++) {
      selects[k].value = "";
    }
    apply();
  });

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      details.textContent = byId[params.nodes[0]].title;
    } else if (params.edges.length > 0) {
      details.textContent = edges.get(params.edges[0]).title;
    }
    state.clicked = params.nodes.length > 0 ? params.nodes[0] : null;
  });
  window.addEventListener("resize", fitPage);

  status.textContent = fill(text.status, { nodes: data.nodes.length, total_nodes: data.nodes.length,
    edges: data.edges.length, total_edges: data.edges.length });
  showAll();
})();
