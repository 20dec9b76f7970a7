import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '~db': path.resolve(__dirname, 'db'),
  '~': path.resolve(__dirname, 'app'),
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
