/* orggraph map: draws the network and wires search, filters and details. Plain ES5 for old browsers. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("map-data").textContent);
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
  var network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodes, edges: edges }, data.options);

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
  network.once("afterDrawing", function () {
    state.drawn = true;
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
    var text = "显示 " + visibleNodes + " / " + data.nodes.length + " 个节点，" +
      visibleEdges + " / " + data.edges.length + " 条连线";
    if (query !== "") {
      text += "；“" + search.value + "”匹配 " + matched.length + " 个节点";
    }
    status.textContent = text;
    if (query !== "" && matched.length > 0) {
      network.fit({ nodes: matched.length > 50 ? matched.slice(0, 50) : matched });
    } else if (nodeUpdates.length > 0) {
      network.fit();
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

  status.textContent = "显示 " + data.nodes.length + " / " + data.nodes.length + " 个节点，" +
    data.edges.length + " / " + data.edges.length + " 条连线";
})();
