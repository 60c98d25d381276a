/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pw-config.h"

#include <sqlite3.h>

#include "pw-quota-vfs.h"

/* Every named file opened through the VFS counts with its size, as the
 * disk would hold it, until it is deleted; a write or a truncation that
 * would take the total past the quota fails with SQLITE_FULL, as the
 * default VFS answers ENOSPC. Writes within a file's size, as a full disk
 * allows, always go through. */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  char         *path;
} QuotaFile;

static GMutex lock;
static GHashTable *sizes;    /* path → gint64 *, under lock */
static gint64 used;
static gint64 quota = PW_QUOTA_VFS_UNLIMITED;
static guint refused;
static int failure;
static sqlite3_vfs *real_vfs;
static sqlite3_vfs quota_vfs;
static sqlite3_io_methods quota_methods;

#define REAL(file) (((QuotaFile *) (file))->real)

/* Makes @path @size bytes long in the count, if the quota allows. */
static int
resize (const char *path,
        gint64      size)
{
  gint64 *known;
  int rc = SQLITE_OK;

  if (path == NULL)
    return SQLITE_OK;

  g_mutex_lock (&lock);
  known = g_hash_table_lookup (sizes, path);
  g_assert (known != NULL);
  if (size > *known && used + (size - *known) > quota)
    {
      refused++;
      rc = SQLITE_FULL;
    }
  else if (size != *known)
    {
      used += size - *known;
      *known = size;
    }
  g_mutex_unlock (&lock);

  return rc;
}

static gint64
known_size (const char *path)
{
  gint64 size;

  g_mutex_lock (&lock);
  size = *(gint64 *) g_hash_table_lookup (sizes, path);
  g_mutex_unlock (&lock);

  return size;
}

static int
quota_close (sqlite3_file *file)
{
  QuotaFile *self = (QuotaFile *) file;
  int rc = self->real->pMethods->xClose (self->real);

  g_free (self->path);
  return rc;
}

static int
quota_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
quota_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  QuotaFile *self = (QuotaFile *) file;
  int injected;

  g_mutex_lock (&lock);
  injected = self->path != NULL ? failure : SQLITE_OK;
  g_mutex_unlock (&lock);
  if (injected != SQLITE_OK)
    return injected;

  if (self->path != NULL && offset + amount > known_size (self->path))
    {
      int rc = resize (self->path, offset + amount);

      if (rc != SQLITE_OK)
        return rc;
    }
  return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
}

static int
quota_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  QuotaFile *self = (QuotaFile *) file;
  int rc = resize (self->path, size);

  if (rc != SQLITE_OK)
    return rc;
  return self->real->pMethods->xTruncate (self->real, size);
}

static int
quota_sync (sqlite3_file *file, int flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
quota_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
quota_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
quota_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
quota_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
quota_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
quota_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
quota_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
quota_shm_map (sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, page_size, extend, out);
}

static int
quota_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
quota_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
quota_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
quota_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
quota_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static int
quota_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  QuotaFile *self = (QuotaFile *) file;
  sqlite3_int64 size = 0;
  int rc;

  self->real = (sqlite3_file *) (self + 1);
  self->path = NULL;
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      file->pMethods = NULL;
      return rc;
    }

  /* The default VFS gives every file methods of version 3. */
  g_assert_cmpint (self->real->pMethods->iVersion, >=, 3);
  file->pMethods = &quota_methods;

  /* Temporary files have no name and do not count. */
  if (name == NULL)
    return SQLITE_OK;

  self->path = g_strdup (name);
  self->real->pMethods->xFileSize (self->real, &size);
  g_mutex_lock (&lock);
  if (!g_hash_table_contains (sizes, name))
    {
      g_hash_table_insert (sizes, g_strdup (name), g_memdup2 (&size, sizeof size));
      used += size;
    }
  g_mutex_unlock (&lock);

  return SQLITE_OK;
}

static int
quota_delete (sqlite3_vfs *vfs, const char *path, int sync_dir)
{
  int rc = real_vfs->xDelete (real_vfs, path, sync_dir);
  gint64 *known;

  if (rc == SQLITE_OK)
    {
      g_mutex_lock (&lock);
      known = g_hash_table_lookup (sizes, path);
      if (known != NULL)
        {
          used -= *known;
          g_hash_table_remove (sizes, path);
        }
      g_mutex_unlock (&lock);
    }
  return rc;
}

static int
quota_access (sqlite3_vfs *vfs, const char *path, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, path, flags, out);
}

static int
quota_full_pathname (sqlite3_vfs *vfs, const char *path, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, path, n, out);
}

static void *
quota_dl_open (sqlite3_vfs *vfs, const char *path)
{
  return real_vfs->xDlOpen (real_vfs, path);
}

static void
quota_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*quota_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
quota_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
quota_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
quota_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
quota_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
quota_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
quota_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

/**
 * pw_quota_vfs_install:
 *
 * Makes the quota VFS SQLite's default, so every connection opened after
 * this uses it. The quota starts unlimited.
 */
void
pw_quota_vfs_install (void)
{
  static const sqlite3_io_methods methods = {
    3,
    quota_close,
    quota_read,
    quota_write,
    quota_truncate,
    quota_sync,
    quota_file_size,
    quota_lock,
    quota_unlock,
    quota_check_reserved_lock,
    quota_file_control,
    quota_sector_size,
    quota_device_characteristics,
    quota_shm_map,
    quota_shm_lock,
    quota_shm_barrier,
    quota_shm_unmap,
    quota_fetch,
    quota_unfetch,
  };

  g_assert_null (real_vfs);
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);
  sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  quota_methods = methods;

  quota_vfs.iVersion = 2;
  quota_vfs.szOsFile = (int) sizeof (QuotaFile) + real_vfs->szOsFile;
  quota_vfs.mxPathname = real_vfs->mxPathname;
  quota_vfs.zName = "pw-quota";
  quota_vfs.xOpen = quota_open;
  quota_vfs.xDelete = quota_delete;
  quota_vfs.xAccess = quota_access;
  quota_vfs.xFullPathname = quota_full_pathname;
  quota_vfs.xDlOpen = quota_dl_open;
  quota_vfs.xDlError = quota_dl_error;
  quota_vfs.xDlSym = quota_dl_sym;
  quota_vfs.xDlClose = quota_dl_close;
  quota_vfs.xRandomness = quota_randomness;
  quota_vfs.xSleep = quota_sleep;
  quota_vfs.xCurrentTime = quota_current_time;
  quota_vfs.xGetLastError = quota_get_last_error;
  quota_vfs.xCurrentTimeInt64 = quota_current_time_int64;

  g_assert_cmpint (sqlite3_vfs_register (&quota_vfs, 1), ==, SQLITE_OK);
}

/**
 * pw_quota_vfs_set_quota:
 * @bytes: how many bytes the files may hold together, or
 *   %PW_QUOTA_VFS_UNLIMITED
 *
 * Sets the room on the disk; takes effect on the next write, on any
 * thread.
 */
void
pw_quota_vfs_set_quota (gint64 bytes)
{
  g_mutex_lock (&lock);
  quota = bytes;
  g_mutex_unlock (&lock);
}

/**
 * pw_quota_vfs_get_used:
 *
 * Returns: how many bytes the files hold together
 */
gint64
pw_quota_vfs_get_used (void)
{
  gint64 bytes;

  g_mutex_lock (&lock);
  bytes = used;
  g_mutex_unlock (&lock);

  return bytes;
}

/**
 * pw_quota_vfs_get_refused:
 *
 * Returns: how many writes were refused for the quota so far
 */
guint
pw_quota_vfs_get_refused (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = refused;
  g_mutex_unlock (&lock);

  return n;
}

/**
 * pw_quota_vfs_set_failure:
 * @rc: a SQLite result code every write to a named file fails with, such
 *   as %SQLITE_IOERR_WRITE for a failing disk; %SQLITE_OK for none
 *
 * Makes the disk fail other than by filling up.
 */
void
pw_quota_vfs_set_failure (int rc)
{
  g_mutex_lock (&lock);
  failure = rc;
  g_mutex_unlock (&lock);
}
