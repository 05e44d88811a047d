//! What waits to go to Spotify: playlists to save ([`super::save`]) and tracks to like
//! ([`super::likes`]), each kept in the store under the account that asked. They go out at the next
//! sync, only to that account and only once the listener has allowed what they need.

use super::auth::signed_in;
use super::error::{ApiError, SpotifyError};
use super::permission::{granted, Permission};
use super::sync::{connected_account, synced_account};
use super::{likes, save};
use crate::locks::{exclusively, DATA};
use crate::store::{Space, Store, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A record in one of the queues.
pub(super) trait Queued: Serialize + DeserializeOwned {
    /// The Spotify user id of the account it was queued for (none: queued before any sync).
    fn account(&self) -> Option<&str>;
}

/// What a flush did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flushed {
    /// The URLs of the playlists saved.
    pub saved: Vec<String>,
    /// Records dropped because they were queued for another Spotify account than the one connected.
    pub for_another_account: usize,
}

/// Sends what waits: first drops what was queued for another account (Spotify may end a connection,
/// and the next one signed in may be someone else's), then the playlists if they may be saved, then
/// the likes if they may be sent. What waits for a permission stays queued. The caller holds [`DATA`]
/// (the sync does, around this and itself).
pub async fn flush_pending() -> Result<Flushed, SpotifyError> {
    let store = Store::open().await?;
    let mut flushed = Flushed::default();
    if save::queued(&store).await? + likes::queued(&store).await? == 0 {
        return Ok(flushed);
    }
    let account = connected_account().await?;
    // A record queued before its account was known belongs to the account synced before this flush
    // (the sync that follows it may change that).
    let untagged = synced_account(&store).await?;
    let untagged = untagged.as_deref();
    flushed.for_another_account =
        keep_only_for::<save::PendingSave>(&store, save::PENDING_KEY, &account, untagged).await?
            + keep_only_for::<likes::PendingLike>(&store, likes::PENDING_KEY, &account, untagged)
                .await?;
    if granted(Permission::SavePlaylists).await {
        flushed.saved = save::flush_saves(&store).await?;
    }
    if granted(Permission::Like).await {
        likes::flush_likes(&store).await?;
    }
    Ok(flushed)
}

/// Drops the records of the queue at `key` that were queued for another account than `account`
/// (those without one count as `untagged`'s); how many.
async fn keep_only_for<T: Queued>(
    store: &Store,
    key: &str,
    account: &str,
    untagged: Option<&str>,
) -> Result<usize, StoreError> {
    let records: Vec<T> = load(store, key).await?;
    let before = records.len();
    let kept: Vec<T> = records
        .into_iter()
        .filter(|r| r.account().or(untagged).is_none_or(|a| a == account))
        .collect();
    if kept.len() < before {
        keep(store, key, &kept).await?;
    }
    Ok(before - kept.len())
}

/// The account a record queued now is for: the connection's, else the one last synced.
pub(super) async fn account_now(store: &Store) -> Result<Option<String>, SpotifyError> {
    match signed_in().await.and_then(|tokens| tokens.account) {
        Some(account) => Ok(Some(account)),
        None => synced_account(store).await,
    }
}

/// The queue at `key`, oldest first.
pub(super) async fn load<T: Queued>(store: &Store, key: &str) -> Result<Vec<T>, StoreError> {
    Ok(store
        .get_value(Space::Settings, key)
        .await?
        .unwrap_or_default())
}

/// Keeps the queue at `key`.
pub(super) async fn keep<T: Queued>(
    store: &Store,
    key: &str,
    records: &[T],
) -> Result<(), StoreError> {
    store.put_value(Space::Settings, key, &records).await
}

/// Disconnects at the listener's request: forgets the tokens and everything still queued, which was
/// meant for the account being left and must not go to the next one connected. Returns how many queued
/// playlists were dropped. (A connection Spotify ends keeps the queues: they go out when the same
/// account signs in again, and are dropped if another one does.)
pub async fn sign_out() -> Result<usize, StoreError> {
    exclusively(DATA, async move {
        // The queues first: if forgetting them fails, the listener is still connected and can retry.
        let store = Store::open().await?;
        let dropped = save::queued(&store).await?;
        store
            .delete_value(Space::Settings, save::PENDING_KEY)
            .await?;
        store
            .delete_value(Space::Settings, likes::PENDING_KEY)
            .await?;
        super::disconnect().await?;
        Ok(dropped)
    })
    .await
}

/// Whether Spotify refused a queued request itself (a malformed request, a playlist this account may
/// not change, an answer without what was asked), which no later try would change; waits, dead
/// connections and deleted playlists are tried again.
pub(super) fn refused_for_good(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Failed(400..=499)
            | ApiError::Forbidden(_)
            | ApiError::Incomplete(_)
            | ApiError::NotAnId(_)
    )
}
