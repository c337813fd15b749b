// ECharts is loaded on first use, so pages without charts never download it.
let loaded: Promise<typeof import('./echarts-setup')> | null = null

export function loadEcharts() {
  loaded ??= import('./echarts-setup')
  return loaded
}
