// The government workspace: a data officer uploads a GBK file and sees its
// rows and quality; another department's user applies for data, the owner
// approves, and the applicant reads it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { startHub, launchBrowser, newPage, login, screenshot, fill } from './hub.mjs'

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

// Calls the API with the page's session (cookie and CSRF token).
async function apiAs(page, method, url, body) {
  const me = await (await page.request.get('/api/v1/auth/me')).json()
  const res = await page.request.fetch(url, {
    method,
    headers: { 'X-CSRF-Token': me.csrf_token ?? '', 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status(), body: await res.json().catch(() => null) }
}

// A GBK-encoded copy of `text`, written with iconv: Node has no GBK encoder.
function gbkFile(text) {
  const dir = mkdtempSync(path.join(tmpdir(), 'yungu-e2e-upload-'))
  const utf8 = path.join(dir, 'utf8.csv')
  const gbk = path.join(dir, '市场检查记录.csv')
  writeFileSync(utf8, text)
  execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', '-o', gbk, utf8])
  return gbk
}

test('a data officer uploads a GBK CSV and sees its rows, the rejected line and the quality report', async () => {
  const page = await newPage(browser, hub)
  await login(page, hub.accounts.officer)
  await page.waitForURL(/\/workspace/)
  await page.getByTestId('ws-nav-datasets').waitFor()
  await screenshot(page, 'workspace-my-datasets')

  // The catalog entry, with a format rule the quality report checks.
  const created = await apiAs(page, 'POST', '/api/v1/datasets', {
    id: 'market-inspections',
    resource_code: '420600-SCJG-00099',
    name: '市场监督检查记录',
    summary: '日常监督检查的结果',
    department: 'SCJG',
    themes: ['credit'],
    format: 'csv',
    sharing_type: 'unconditional',
    opening_type: 'none',
    update_cycle: 'monthly',
    fields: [
      { name: 'inspection_no', title: '检查编号', type: 'text', primary_key: true },
      { name: 'enterprise', title: '企业名称', type: 'text' },
      { name: 'result', title: '检查结果', type: 'text', rules: { enum: ['合格', '不合格', '责令整改'] } },
      { name: 'inspected_on', title: '检查日期', type: 'date' },
      { name: 'score', title: '评分', type: 'integer' },
    ],
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))

  const rows = [
    'inspection_no,enterprise,result,inspected_on,score',
    'JC-001,襄阳汉江食品有限公司,合格,2026-03-02,95',
    'JC-002,樊城区明珠超市,不合格,2026-03-05,58',
    'JC-003,襄州区惠民药房,责令整改,2026-03-09,70',
    'JC-004,襄城区古隆中茶社,合格,2026-03-11,不详',
    'JC-005,枣阳市白水寺酒业,待复查,2026-03-15,81',
  ]
  const file = gbkFile(rows.join('\r\n') + '\r\n')

  await page.goto('/workspace/datasets/market-inspections?tab=upload')
  await page.getByTestId('upload-input').setInputFiles(file)
  // Bad rows may be skipped (up to 5); line 5 has a score that is not a number.
  await fill(page, 'upload-max-bad-rows', '5')
  await page.getByTestId('upload-submit').click()
  const result = page.getByTestId('ingest-result')
  await result.waitFor({ timeout: 30000 })
  await assert.doesNotReject(() =>
    page.waitForFunction(() => /\b4\b/.test(document.querySelector('[data-test=ingest-rows]')?.textContent ?? '')))
  // One rejected row, named by its line number in the file.
  const rejectedRows = page.getByTestId('ingest-rejected').locator('tbody tr')
  assert.equal(await rejectedRows.count(), 1)
  assert.equal((await rejectedRows.first().locator('td').first().innerText()).trim(), '5')
  await screenshot(page, 'workspace-upload-result')

  // The stored rows decode from GBK.
  const data = await apiAs(page, 'GET', '/api/v1/datasets/market-inspections/query?sort=inspection_no')
  assert.equal(data.status, 200)
  assert.equal(data.body.records.length, 4)
  assert.equal(data.body.records[0].enterprise, '襄阳汉江食品有限公司')

  await page.goto('/workspace/datasets/market-inspections?tab=quality')
  const report = page.getByTestId('quality-report')
  await report.waitFor({ timeout: 30000 })
  await page.getByTestId('quality-score-ws').waitFor()
  const q = await apiAs(page, 'GET', '/api/v1/datasets/market-inspections/quality')
  assert.equal(q.status, 200)
  const score = q.body.score.value
  assert.ok(score > 0 && score < 100, `a file with an invalid value scores below 100: ${score}`)
  assert.equal((await page.getByTestId('quality-score-ws').innerText()).trim(), score.toFixed(1))
  // The enumeration rule finds 待复查 (row 4 of the stored data).
  assert.match(await report.innerText(), /待复查/)
  await screenshot(page, 'workspace-quality')
  assert.deepEqual(page.errors, [])
})

test('another department applies, the owner approves, and the applicant reads the data', async () => {
  // population-sample belongs to public security (GAJ), shared on conditions.
  // The platform admin gives GAJ a data officer to approve.
  const adminPage = await newPage(browser, hub)
  await login(adminPage, hub.accounts.admin)
  const officer = await apiAs(adminPage, 'POST', '/api/v1/users', {
    username: 'gaj_officer', display_name: '公安局数据专员', department: 'GAJ', roles: ['data_officer'],
    password: 'Gaj-officer-2026!',
  })
  assert.equal(officer.status, 201, JSON.stringify(officer.body))
  await adminPage.goto('/workspace/admin/users')
  await adminPage.getByText('gaj_officer').first().waitFor()
  await screenshot(adminPage, 'workspace-admin-users')

  const applicant = await newPage(browser, hub)
  await login(applicant, hub.accounts.gov_user2)
  await applicant.goto('/datasets/population-sample')
  await applicant.getByTestId('apply-box').waitFor()
  assert.equal(await applicant.getByTestId('preview-table').locator('tbody tr').count(), 0)
  await applicant.getByTestId('apply-button').click()
  await applicant.waitForURL(/\/workspace\/applications\/new/)
  await fill(applicant, 'apply-purpose', '核对大气污染源周边常住人口，用于环境健康风险评估')
  await fill(applicant, 'apply-basis', '《中华人民共和国环境保护法》第三十九条')
  await screenshot(applicant, 'workspace-apply')
  await applicant.getByTestId('apply-submit').click()
  await applicant.waitForURL(/\/workspace\/applications(\?|$)/)
  const row = applicant.getByTestId('application-row').first()
  await row.waitFor()
  assert.match(await row.innerText(), /人口|population/)

  const approver = await newPage(browser, hub)
  await login(approver, { username: 'gaj_officer', password: 'Gaj-officer-2026!' })
  await approver.goto('/workspace/inbox')
  const item = approver.getByTestId('inbox-item').first()
  await item.waitFor()
  await screenshot(approver, 'workspace-inbox')
  await item.getByTestId('approve-button').click()
  const approval = approver.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST')
  await approver.getByTestId('approve-confirm').click()
  assert.equal((await approval).status(), 200)

  await applicant.goto('/workspace/applications')
  await assert.doesNotReject(() =>
    applicant.waitForFunction(() => /已批准|approved/i.test(
      document.querySelector('[data-test=application-status]')?.textContent ?? '')))
  await screenshot(applicant, 'workspace-applications')
  await applicant.goto('/datasets/population-sample')
  const table = applicant.getByTestId('preview-table')
  await table.locator('tbody tr').first().waitFor()
  assert.ok((await table.locator('tbody tr').count()) > 0)
  assert.equal(await applicant.getByTestId('apply-box').count(), 0)
  await screenshot(applicant, 'dataset-granted')

  // The read is in the trace, for the auditor.
  const auditor = await newPage(browser, hub)
  await login(auditor, hub.accounts.auditor)
  await auditor.goto('/workspace/audit')
  await auditor.getByTestId('audit-table').locator('tbody tr').first().waitFor()
  await screenshot(auditor, 'workspace-audit')
  for (const p of [adminPage, applicant, approver, auditor]) assert.deepEqual(p.errors, [])
})
