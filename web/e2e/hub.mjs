// Test fixture: a fresh hub with the demo city, serving the built portal,
// and a headless Chromium to drive it.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, selectors } from 'playwright-core'

// Pages mark what tests look for with data-test attributes.
selectors.setTestIdAttribute('data-test')

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
const binary = process.env.YUNGU_BINARY ?? path.join(repo, 'build/yungu')
const webRoot = process.env.YUNGU_WEB_ROOT ?? path.join(repo, 'web/dist')
export const artifacts = process.env.YUNGU_ARTIFACTS ?? path.join(repo, 'web/e2e-artifacts')

// Starts `yungu serve` on a free loopback port with the demo loaded.
export async function startHub() {
  const data = mkdtempSync(path.join(tmpdir(), 'yungu-e2e-'))
  execFileSync(binary, ['demo', '--data', data, '--quiet'], { stdio: 'inherit' })
  const config = path.join(data, 'test.toml')
  // Cheap password hashing: logins happen in every test.
  writeFileSync(config, '[auth]\npassword_hash = "fast"\n')
  const proc = spawn(
    binary,
    ['serve', '--data', data, '--listen', '127.0.0.1:0', '--web', webRoot, '--config', config,
     '--usage-flush-seconds', '0', '--governance-inline'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let log = ''
  proc.stderr.on('data', (d) => (log += d))
  const url = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}\n${log}`)), 30000)
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/Yungu is serving (http:\/\/[^/\s]+\/)/)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace(/\/$/, ''))
      }
    })
    proc.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}\n${log}`)))
  })
  const accounts = {}
  for (const line of readFileSync(path.join(data, 'demo-accounts.txt'), 'utf8').split('\n')) {
    const [username, password, role, department] = line.trim().split(/\s+/)
    if (!username || username.startsWith('#') || username === 'username') continue
    accounts[username] = { username, password, role, department }
  }
  return {
    url,
    data,
    accounts,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)))
      rmSync(data, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // The machine has no outside network: no background services that would
    // try to reach one.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'],
  })
}

// A page whose console errors and failed requests are collected, so a test
// can assert that a page loaded cleanly.
export async function newPage(browser, hub, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ baseURL: hub.url, locale, acceptDownloads: true,
                                             viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`))
  return page
}

export async function login(page, account) {
  await page.goto('/login')
  await fill(page, 'login-username', account.username)
  await fill(page, 'login-password', account.password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

// Fills the input marked `testId`, whether the mark is on the <input> itself
// or on a component wrapping it.
export async function fill(page, testId, value) {
  const marked = page.getByTestId(testId).first()
  const tag = await marked.evaluate((el) => el.tagName)
  const input = tag === 'INPUT' || tag === 'TEXTAREA' ? marked : marked.locator('input, textarea').first()
  await input.fill(value)
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true })
}
