// Monthly trend charts from the figures the page was rendered with (no further requests).
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("chart-data");
    if (!node || typeof Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var series = data.series[canvas.dataset.chart];
      if (!series) { return; }
      new Chart(canvas, {
        type: series.kind === "flow" ? "bar" : "line",
        data: {labels: data.months, datasets: [{label: series.label, data: series.values,
          backgroundColor: "#0b5d6b", borderColor: "#0b5d6b", spanGaps: true}]},
        options: {responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {legend: {display: false}},
          scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
