//! The app's state: the open database and the logged-in account. Every command goes
//! through one of the three doors below, so none can skip the session check.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use markt::{Actor, Store};

use crate::dto::{AppError, Res, Startup};

pub struct App {
    inner: Mutex<Inner>,
}

struct Inner {
    path: PathBuf,
    store: Option<Store>,
    session: Option<Actor>,
}

impl App {
    pub fn new(path: PathBuf) -> App {
        App { inner: Mutex::new(Inner { path, store: None, session: None }) }
    }

    fn lock(&self) -> Res<std::sync::MutexGuard<'_, Inner>> {
        // A panic in another command must not lock the clerk out for good.
        Ok(self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Opens the database if it exists and says what the UI should show first.
    pub fn startup(&self) -> Res<Startup> {
        let mut inner = self.lock()?;
        let db_path = inner.path.display().to_string();
        let fresh = !inner.path.exists() || std::fs::metadata(&inner.path).map(|m| m.len() == 0).unwrap_or(true);
        if inner.store.is_none() && !fresh {
            match Store::open(&inner.path) {
                Ok(store) => inner.store = Some(store),
                Err(e) => return Ok(Startup { state: "error", db_path, error: Some(e.into()) }),
            }
        }
        let ready = match inner.store.as_mut() {
            Some(store) => markt::account::any(store).map_err(AppError::from)?,
            None => false,
        };
        Ok(Startup { state: if ready { "ready" } else { "needs_setup" }, db_path, error: None })
    }

    /// Creates (or opens the empty) database for the first run and fills it with `f`.
    pub fn setup<T>(&self, f: impl FnOnce(&mut Store) -> markt::Result<T>) -> Res<T> {
        let mut inner = self.lock()?;
        if inner.store.is_none() {
            let store = Store::open(&inner.path)?;
            inner.store = Some(store);
        }
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "geen database"))?;
        Ok(f(store)?)
    }

    /// A call without a session: logging in.
    pub fn login(&self, f: impl FnOnce(&mut Store) -> markt::Result<Actor>) -> Res<Actor> {
        let mut inner = self.lock()?;
        let store = inner.store.as_mut().ok_or_else(|| AppError::new("database", "de database is niet geopend"))?;
        let actor = f(store)?;
        inner.session = Some(actor.clone());
        Ok(actor)
    }

    pub fn logout(&self) -> Res<()> {
        self.lock()?.session = None;
        Ok(())
    }

    /// A read by the logged-in account (any role).
    pub fn read<T>(&self, f: impl FnOnce(&mut Store, &Actor) -> markt::Result<T>) -> Res<T> {
        let mut inner = self.lock()?;
        let Inner { store, session, .. } = &mut *inner;
        let actor = session.as_ref().ok_or_else(AppError::not_logged_in)?;
        let store = store.as_mut().ok_or_else(AppError::not_logged_in)?;
        Ok(f(store, actor)?)
    }

    /// A clerk action by the logged-in account, at this moment; the core checks the role.
    pub fn act<T>(&self, f: impl FnOnce(&mut Store, &Actor, DateTime<Utc>) -> markt::Result<T>) -> Res<T> {
        self.read(|store, actor| f(store, actor, Utc::now()))
    }

    pub fn session(&self) -> Res<Option<Actor>> {
        Ok(self.lock()?.session.clone())
    }
}
