/* Draws every chart of the page (templates/includes/chart.html) with the vendored Apache ECharts, on load and after
 * each htmx swap, and fits it to its box when the window or the print layout changes. Each chart's element carries its
 * spec (common/charts.py Chart.spec(), as JSON in data-chart-spec) and the URL of ECharts, which is fetched only when the
 * page has a chart. Under the CSP: no inline style attribute (ECharts' canvas renderer styles through the CSSOM) and
 * no HTML tooltip (ECharts writes those with style attributes), so tooltips are drawn on the canvas. */
(function () {
  "use strict";

  // Okabe & Ito's palette, which readers with any common colour-vision deficiency can tell apart; yellow last.
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"];
  const INK = "#1f2933";
  const MUTED = "#4b5866";
  const LINE = "#cbd2d9";
  const CHARTS = "[data-chart-spec]";
  const language = document.documentElement.lang || "en";
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
  const SLANTED_WIDTH = 110;  // px; a longer slanted label ends in an ellipsis (the table has it whole)
  let measure = null;  // a 2D context to measure labels with, made on the first chart
  let echartsLoaded = null;

  function loadECharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!echartsLoaded) {
      echartsLoaded = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = src;
        script.addEventListener("load", function () { resolve(window.echarts); });
        script.addEventListener("error", reject);
        document.head.appendChild(script);
      });
    }
    return echartsLoaded;
  }

  function percentOf(value) {
    return number.format(Math.round(value * 10) / 10) + "%";
  }

  function withUnit(value, unit) {
    if (value === null || value === undefined || Number.isNaN(value)) return "—";
    if (!unit) return number.format(value);
    return unit === "%" ? number.format(value) + "%" : number.format(value) + " " + unit;
  }

  // How wide a text is at ECharts' label size: the widest label, or the widest word of the labels (a Chinese label
  // may break after any character).
  function widest(texts, element) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = "12px " + getComputedStyle(element).fontFamily;
    return Math.max.apply(null, texts.map(function (text) { return measure.measureText(text).width; }));
  }

  function words(labels) {
    return labels.flatMap(function (label) { return label.split(/\s+|(?=[\u3000-\u9fff])/); });
  }

  function cartesian(spec, element, horizontal) {
    // A few categories each get a label, wrapped to its share of the width, or slanted when a word would not fit;
    // many get as many labels as fit.
    const share = (element.clientWidth - 64) / spec.categories.length - 8;
    const few = !horizontal && spec.categories.length <= 8;
    const slanted = few && widest(words(spec.categories), element) > share;
    // A slanted label hangs left of its tick, the first one past the value axis' labels unless the plot moves over.
    const overhang = slanted ? Math.min(widest(spec.categories, element), SLANTED_WIDTH) * 0.87 - share / 2 - 24 : 0;
    const categoryAxis = {
      type: "category",
      data: spec.categories,
      name: horizontal ? "" : spec.x_title,  // beside horizontal bars the names say what the axis is
      nameLocation: "middle",
      nameGap: 32,
      inverse: horizontal,  // the first category on top, as in the table
      axisLabel: few
        ? { interval: 0, color: INK, rotate: slanted ? 30 : 0, width: slanted ? SLANTED_WIDTH : share,
            overflow: slanted ? "truncate" : "break" }
        : { hideOverlap: true, color: INK, width: horizontal ? element.clientWidth * 0.4 : undefined, overflow: "break" },
      axisTick: { alignWithLabel: true },
    };
    const valueAxis = {
      type: "value",
      name: spec.y_title,
      nameLocation: horizontal ? "middle" : "end",
      nameGap: horizontal ? 30 : 12,
      nameTextStyle: { align: horizontal ? "center" : "left" },  // above the axis, extending into the plot
      axisLabel: { color: MUTED, hideOverlap: true,
                   formatter: function (value) { return withUnit(value, spec.unit === "%" ? "%" : ""); } },
      splitLine: { lineStyle: { color: LINE } },
    };
    const axes = horizontal ? { xAxis: valueAxis, yAxis: categoryAxis } : { xAxis: categoryAxis, yAxis: valueAxis };
    axes.gridLeft = Math.max(8, overhang);
    return axes;
  }

  function series(spec) {
    const kind = spec.kind;
    const stacked = kind === "stacked_bar";
    return spec.series.map(function (one) {
      if (kind === "line" || kind === "area") {
        return {
          type: "line", name: one.name, data: one.values, connectNulls: false,  // a suppressed figure is a gap
          symbolSize: 7, lineStyle: { width: 3 }, areaStyle: kind === "area" ? { opacity: spec.series.length > 1 ? 0.08 : 0.2 } : undefined,
        };
      }
      return {
        type: "bar", name: one.name, data: one.values, stack: stacked ? "total" : undefined,
        barMaxWidth: 48, emphasis: { focus: "series" },
      };
    });
  }

  function slices(spec) {
    // A pie or a funnel shows the first series; its slices are the categories.
    const values = spec.series.length ? spec.series[0].values : [];
    return spec.categories.map(function (name, index) { return { name: name, value: values[index] }; });
  }

  function lorenz(spec, equalityLabel) {
    const axis = function (name, gap) {
      return {
        type: "value", min: 0, max: 1, interval: 0.25, name: name, nameLocation: "middle", nameGap: gap,
        axisLabel: { color: MUTED, formatter: function (value) { return percent.format(value); } },
        splitLine: { lineStyle: { color: LINE } },
      };
    };
    const curves = spec.series.map(function (one) {
      return {
        type: "line", name: one.name, symbolSize: 6, lineStyle: { width: 3 }, areaStyle: { opacity: 0.12 },
        data: spec.categories.map(function (x, index) { return [Number(x), one.values[index]]; }),
      };
    });
    curves.push({
      type: "line", name: equalityLabel, data: [[0, 0], [1, 1]], symbol: "none", silent: true,
      lineStyle: { color: MUTED, type: "dashed", width: 2 }, itemStyle: { color: MUTED },
    });
    return {
      xAxis: axis(spec.x_title, 28), yAxis: axis(spec.y_title, 44), series: curves, gridLeft: 24,
      tooltip: { trigger: "item", valueFormatter: function (value) { return percent.format(value); } },
    };
  }

  function option(spec, element) {
    const kind = spec.kind;
    const narrow = element.clientWidth < 480;
    const valueFormatter = function (value) { return withUnit(value, spec.unit); };
    // A pie's and a funnel's slices carry their names; a legend would repeat them.
    const legendShown = spec.series.length > 1 || kind === "lorenz";
    let drawing;
    if (kind === "pie") {
      drawing = {
        series: [{
          type: "pie", name: spec.series.length ? spec.series[0].name : "", data: slices(spec),
          radius: narrow ? ["28%", "52%"] : ["35%", "65%"], avoidLabelOverlap: true,
          label: { color: INK, formatter: function (item) { return item.name + "\n" + percentOf(item.percent); } },
          itemStyle: { borderColor: "#fff", borderWidth: 2 },
        }],
        tooltip: { trigger: "item", valueFormatter: valueFormatter },
      };
    } else if (kind === "funnel") {
      drawing = {
        series: [{
          type: "funnel", name: spec.series.length ? spec.series[0].name : "", data: slices(spec), sort: "none",
          left: 8, right: narrow ? "45%" : "40%", top: 8, bottom: 8, gap: 2, minSize: "10%",
          label: { position: "right", color: INK,
                   formatter: function (item) { return item.name + "  " + withUnit(item.value, spec.unit); } },
          labelLine: { lineStyle: { color: LINE } },
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
        }],
        tooltip: { trigger: "item", valueFormatter: valueFormatter },
      };
    } else if (kind === "lorenz") {
      drawing = lorenz(spec, element.dataset.equality || "");
    } else {
      drawing = cartesian(spec, element, kind === "horizontal_bar");
      drawing.series = series(spec);
      drawing.tooltip = { trigger: "axis", valueFormatter: valueFormatter };
    }
    drawing.tooltip.renderMode = "richText";
    drawing.tooltip.confine = true;
    // Room under the plot for the axis title and the legend, which ECharts does not keep clear of each other.
    const bottomTitle = drawing.xAxis && drawing.xAxis.name;
    const gridLeft = drawing.gridLeft || 8;  // not an ECharts option: room the axes asked for
    delete drawing.gridLeft;
    return Object.assign({
      // Not shown (the figure's caption is the title); ECharts' aria description starts with it.
      title: { text: spec.title, show: false },
      aria: { enabled: true, decal: { show: kind === "stacked_bar" || kind === "pie" } },
      color: PALETTE,
      animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      textStyle: { fontFamily: getComputedStyle(element).fontFamily, color: INK },
      legend: { show: legendShown, type: "scroll", bottom: 0, textStyle: { color: INK } },
      grid: {
        containLabel: true,  // the axes' labels inside the box below, the axes' titles in its margins
        left: gridLeft, right: 24, top: drawing.yAxis && drawing.yAxis.name && drawing.yAxis.nameLocation === "end" ? 36 : 12,
        bottom: (legendShown ? 32 : 4) + (bottomTitle ? 26 : 0),
      },
    }, drawing);
  }

  function sizeFor(spec, element) {
    // A horizontal bar chart grows with its categories so that each label keeps a readable line.
    if (spec.kind === "horizontal_bar") {
      element.style.height = Math.max(240, spec.categories.length * 32 + 80) + "px";
    }
  }

  // Fits a drawn chart to its box again: its size, and the labels and radii chosen for its width.
  function fit(element) {
    const chart = window.echarts && window.echarts.getInstanceByDom(element);
    if (!chart) return;
    chart.resize();
    chart.setOption(option(JSON.parse(element.dataset.chartSpec), element));
  }

  const resizer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { fit(entry.target); });
  });

  function drawCharts() {
    const elements = Array.from(document.querySelectorAll(CHARTS));
    if (!elements.length) return;
    loadECharts(elements[0].dataset.echarts).then(function (echarts) {
      const locale = language.toLowerCase().startsWith("zh") ? "ZH" : "EN";
      elements.forEach(function (element) {
        if (!element.isConnected || echarts.getInstanceByDom(element)) return;
        const spec = JSON.parse(element.dataset.chartSpec);
        sizeFor(spec, element);
        echarts.init(element, null, { locale: locale, renderer: "canvas" }).setOption(option(spec, element));
        resizer.observe(element);
      });
    });
  }

  function fitCharts() {
    document.querySelectorAll(CHARTS).forEach(fit);
  }

  drawCharts();
  document.addEventListener("htmx:afterSettle", drawCharts);
  // A chart swapped out by htmx gives back its canvas and listeners.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    const chart = window.echarts && window.echarts.getInstanceByDom(event.target);
    if (chart) {
      resizer.unobserve(event.target);
      chart.dispose();
    }
  });
  window.addEventListener("beforeprint", fitCharts);
  window.addEventListener("afterprint", fitCharts);
})();
