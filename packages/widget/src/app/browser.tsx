window.Parley?._app?.(() => ({ open() {}, close() {}, identify() {}, setLocale() {}, async shutdown() {}, destroy() {} }))
