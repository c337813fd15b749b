// Measures the portal's first load in headless Chromium: bytes transferred
// (compressed, as on the wire) and time until the page is interactive, for
// the home page, the catalog and a dataset page, with an empty cache, on
// loopback and on a throttled "4G" link.
//
//   node bench/web_load.mjs [--url http://127.0.0.1:8080] [--runs 5]
//
// Time to interactive here: from navigation start until the page's main
// content is rendered by the app (its data-test marker has text) and the
// main thread has had no task longer than 50 ms for 500 ms.
import { chromium } from '../web/node_modules/playwright-core/index.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
)
const base = args.url ?? 'http://127.0.0.1:8080'
const runs = Number(args.runs ?? 5)

const pages = [
  { name: 'home', path: '/', ready: '[data-test=stat-datasets]' },
  { name: 'catalog', path: '/datasets?q=' + encodeURIComponent('交通'), ready: '[data-test=dataset-card]' },
  { name: 'dataset', path: '/datasets/air-quality-hourly', ready: '[data-test=preview-table] tbody tr' },
]
// Chrome DevTools' "4G" preset is close to: 20 ms RTT, 4 Mbit/s down, 3 Mbit/s up.
const links = {
  loopback: null,
  '4g': { offline: false, latency: 20, downloadThroughput: (4 * 1024 * 1024) / 8, uploadThroughput: (3 * 1024 * 1024) / 8 },
}

async function measure(browser, page, link) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } })
  const tab = await context.newPage()
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  if (link) await cdp.send('Network.emulateNetworkConditions', link)
  let bytes = 0
  let requests = 0
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength
    requests += 1
  })
  await tab.addInitScript(() => {
    window.__longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration)
    }).observe({ type: 'longtask', buffered: true })
  })
  await tab.goto(base + page.path)
  await tab.waitForFunction((sel) => {
    const el = document.querySelector(sel)
    return el && el.textContent.trim().length > 0
  }, page.ready, { timeout: 60000 })
  const rendered = await tab.evaluate(() => performance.now())
  // Quiet window: no long task in the last 500 ms.
  await tab.waitForFunction(() => {
    const last = window.__longTasks.length ? Math.max(...window.__longTasks) : 0
    return performance.now() - Math.max(last, 0) > 500
  }, null, { timeout: 60000, polling: 100 })
  const tti = await tab.evaluate((r) => {
    const last = window.__longTasks.length ? Math.max(...window.__longTasks) : 0
    return Math.max(r, last)
  }, rendered)
  const dcl = await tab.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)
  await context.close()
  return { bytes, requests, tti, dcl }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-extensions'],
})
console.log(`| page | link | requests | transferred (KiB) | DOMContentLoaded (ms) | interactive (ms) |`)
console.log(`|---|---|---|---|---|---|`)
for (const page of pages) {
  for (const [linkName, link] of Object.entries(links)) {
    const results = []
    for (let i = 0; i < runs; ++i) results.push(await measure(browser, page, link))
    console.log(`| ${page.name} | ${linkName} | ${median(results.map((r) => r.requests))} | ` +
                `${(median(results.map((r) => r.bytes)) / 1024).toFixed(1)} | ` +
                `${median(results.map((r) => r.dcl)).toFixed(0)} | ${median(results.map((r) => r.tti)).toFixed(0)} |`)
  }
}
await browser.close()
