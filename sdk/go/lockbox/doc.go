// Secrets in a Lockbox-compatible service (the Yandex Cloud Lockbox API) and lockbox-local.
package lockbox
