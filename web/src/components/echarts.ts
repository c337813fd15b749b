// The parts of ECharts the portal uses, registered once.
let loaded: Promise<typeof import('echarts/core')> | null = null

export function loadEcharts() {
  loaded ??= (async () => {
    const core = await import('echarts/core')
    const [charts, components, renderers] = await Promise.all([
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ])
    core.use([
      charts.LineChart,
      charts.BarChart,
      charts.PieChart,
      components.GridComponent,
      components.TooltipComponent,
      components.LegendComponent,
      components.TitleComponent,
      components.DataZoomComponent,
      components.MarkLineComponent,
      renderers.CanvasRenderer,
    ])
    return core
  })()
  return loaded
}
