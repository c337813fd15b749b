// The parts of ECharts the portal draws, imported by name so the bundle holds
// only these (a namespace import would pull in every chart kind).
import { use, init } from 'echarts/core'
import { LineChart, BarChart, PieChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, MarkLineComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

const charts = [LineChart, BarChart, PieChart]
const components = [GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, MarkLineComponent]
use([...charts, ...components, CanvasRenderer])

export { init }
