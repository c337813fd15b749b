// The public portal as a visitor sees it: search in Chinese, a dataset's
// preview, sorting, the CSV download, and what must stay out of reach.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startHub, launchBrowser, newPage, screenshot, fill } from './hub.mjs'

let hub
let browser

before(async () => {
  hub = await startHub()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await hub?.stop()
})

test('the home page shows the portal figures and searches in Chinese', async () => {
  const page = await newPage(browser, hub)
  await page.goto('/')
  const datasets = page.getByTestId('stat-datasets')
  await datasets.waitFor()
  // The demo opens 10 datasets to the public; the figure must be the API's.
  const stats = await (await page.request.get('/api/v1/stats/portal')).json()
  await assert.doesNotReject(() =>
    page.waitForFunction((n) => document.querySelector('[data-test=stat-datasets]')?.textContent?.includes(n),
                         String(stats.datasets), { timeout: 10000 }))
  await screenshot(page, 'home')
  await fill(page, 'home-search', '空气质量')
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/datasets\?.*q=/)
  assert.equal(new URL(page.url()).searchParams.get('q'), '空气质量')
  assert.deepEqual(page.errors, [])
})

test('a Chinese search finds the dataset and its page opens', async () => {
  const page = await newPage(browser, hub)
  await page.goto('/datasets?q=' + encodeURIComponent('空气质量'))
  const card = page.getByTestId('dataset-card').first()
  await card.waitFor()
  await assert.doesNotReject(() => page.getByTestId('dataset-card').filter({ hasText: '空气质量' }).first().waitFor())
  await screenshot(page, 'catalog-search')
  await page.getByTestId('dataset-card').filter({ hasText: '空气质量' }).first().getByTestId('dataset-link').click()
  await page.waitForURL(/\/datasets\/air-quality-hourly/)
  await assert.doesNotReject(() => page.getByTestId('dataset-title').filter({ hasText: '空气质量' }).waitFor())
  await page.getByTestId('preview-table').locator('tbody tr').first().waitFor()
  await screenshot(page, 'dataset-air-quality')
  assert.deepEqual(page.errors, [])
})

test('the catalog facets filter by department and the URL keeps the state', async () => {
  const page = await newPage(browser, hub)
  await page.goto('/datasets?department=JTYS')
  await page.getByTestId('dataset-card').first().waitFor()
  const total = await page.getByTestId('dataset-card').count()
  const api = await (await page.request.get('/api/v1/datasets?department=JTYS')).json()
  assert.equal(total, api.datasets.length)
  assert.ok(total >= 1)
  await assert.doesNotReject(() =>
    page.waitForFunction((n) => document.querySelector('[data-test=catalog-total]')?.textContent?.includes(n),
                         String(api.total)))
})

test('preview sorts on the server and the CSV download has the same rows', async () => {
  const page = await newPage(browser, hub)
  await page.goto('/datasets/bus-lines')
  const table = page.getByTestId('preview-table')
  await table.locator('tbody tr').first().waitFor()
  // Sort by the number of stops, descending: click the header until the
  // request for -stop_count has been answered.
  const header = table.locator('thead th').filter({ hasText: '站点数' }).first()
  const descending = page.waitForResponse((r) => r.url().includes('/query') && decodeURIComponent(r.url()).includes('sort=-stop_count'))
  await header.click()
  await header.click()
  const answer = await (await descending).json()
  const stops = answer.records.map((r) => r.stop_count)
  assert.ok(stops.length > 1)
  assert.deepEqual(stops, [...stops].sort((a, b) => b - a), 'the page is in descending order')
  // The table shows what the server answered, in that order.
  await assert.doesNotReject(() =>
    page.waitForFunction((first) => document.querySelector('[data-test=preview-table] tbody tr')?.textContent?.includes(first),
                         answer.records[0].line_no))
  await screenshot(page, 'dataset-preview-sorted')

  await page.goto(page.url().replace(/[?#].*$/, '') + '?tab=downloads&sort=-stop_count')
  const link = page.getByTestId('download-csv')
  await link.waitFor()
  const href = await link.getAttribute('href')
  assert.match(decodeURIComponent(href), /format=csv/)
  const downloading = page.waitForEvent('download')
  await link.click()
  const download = await downloading
  const file = await download.path()
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  const lines = text.trim().split(/\r?\n/)
  const meta = await (await page.request.get('/api/v1/datasets/bus-lines')).json()
  assert.equal(lines.length, meta.row_count + 1, 'a header and every row')
  assert.match(lines[0], /line_no/)
  // The download keeps the view's order: the line with the most stops first.
  assert.ok(lines[1].startsWith(answer.records[0].line_no + ','), lines[1])
  await screenshot(page, 'dataset-downloads')
})

test('a public visitor cannot reach a dataset that is not open, by URL or API', async () => {
  const page = await newPage(browser, hub)
  const all = await (await page.request.get(`${hub.url}/api/v1/datasets?limit=100`)).json()
  const visible = new Set(all.datasets.map((d) => d.id))
  // population-sample is 不予开放 in the demo: hidden from the public.
  assert.equal(visible.has('population-sample'), false)
  await page.goto('/datasets/population-sample')
  await page.getByTestId('not-found').waitFor()
  assert.equal(await page.getByTestId('preview-table').count(), 0)
  assert.equal(await page.getByTestId('dataset-title').count(), 0)
  const body = await page.content()
  assert.doesNotMatch(body, /人口抽样|population_sample|citizen_id/)
  const api = await page.request.get('/api/v1/datasets/population-sample/query')
  assert.equal(api.status(), 404)
  await screenshot(page, 'not-open-dataset')
})

test('the open-rate dashboard and department pages render with their charts', async () => {
  const page = await newPage(browser, hub)
  await page.goto('/open-rate')
  await page.getByTestId('open-rate-table').waitFor()
  await page.getByTestId('chart').locator('canvas').first().waitFor()
  await screenshot(page, 'open-rate')
  await page.goto('/departments')
  await page.locator('a[href^="/departments/"]').first().waitFor()
  await screenshot(page, 'departments')
  await page.goto('/?lang=en')
  await page.getByTestId('stat-datasets').waitFor()
  await screenshot(page, 'home-en')
  assert.deepEqual(page.errors, [])
})
